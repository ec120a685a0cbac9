using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Rehab.Contracts.Person.V1;

namespace Rehab.Referral;

public static class ReferralExtensions
{
    public static WebApplicationBuilder AddReferralService(this WebApplicationBuilder builder)
    {
        builder.Services.AddAggregate<Domain.Referral, ReferralEventMapper>(builder.Configuration, "referral", "referral", Topics.Referral);
        builder.Services.AddInternalGrpcClient<PersonRegistryService.PersonRegistryServiceClient>(builder.Configuration, "person-registry");
        builder.Services.AddScoped<PersonDirectory>();
        builder.Services.AddScoped<ReferralAccess>();
        return builder;
    }
}
