using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts;
using Rehab.Contracts.Person.V1;
using Rehab.Contracts.Referral.V1;
using Rehab.Facts.Domain;

namespace Rehab.Facts;

public static class FactsExtensions
{
    public static WebApplicationBuilder AddFactsService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAggregate<PersonFacts, FactsEventMapper>(builder.Configuration, "facts", "person facts", Topics.Facts);
        services.AddInternalGrpcClient<PersonRegistryService.PersonRegistryServiceClient>(builder.Configuration, "person-registry");
        services.AddSingleton<PersonResolutionCache>();
        services.AddScoped<PersonDirectory>();
        services.AddScoped<FactsImport>();
        services.AddScoped<FactsAccess>();
        services.AddEventHandler<CaseOfficeHandler>(Topics.Referral,
            RehabilitationNeedIdentified.Descriptor.FullName, JointAssessmentBooked.Descriptor.FullName);
        return builder;
    }
}
