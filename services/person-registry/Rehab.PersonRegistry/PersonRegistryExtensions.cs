using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Person = Rehab.PersonRegistry.Domain.Person;

namespace Rehab.PersonRegistry;

public static class PersonRegistryExtensions
{
    public static WebApplicationBuilder AddPersonRegistry(this WebApplicationBuilder builder)
    {
        var secret = builder.Configuration["PersonRegistry:LookupKey"]
            ?? throw new InvalidOperationException("PersonRegistry:LookupKey (base64 secret) is not configured");
        builder.Services.AddSingleton(new IdentityLookupKey(Convert.FromBase64String(secret)));
        builder.Services.AddAggregate<Person, PersonEventMapper>(builder.Configuration, "person", "person", Topics.Person);
        return builder;
    }
}
