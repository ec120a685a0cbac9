using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Rehab.Contracts.ReferenceData.V1;
using Domain = Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

public static class ReferenceDataExtensions
{
    public static WebApplicationBuilder AddReferenceData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddRecordKind(configuration, new RecordKind<Domain.Region>(ReferenceDataMapping.ToContract,
            (m, created, date) => new RegionRecorded { Region = (Region)m, Created = created, EffectiveDate = date }));
        services.AddRecordKind(configuration, new RecordKind<Domain.Office>(ReferenceDataMapping.ToContract,
            (m, created, date) => new OfficeRecorded { Office = (Office)m, Created = created, EffectiveDate = date }));
        services.AddRecordKind(configuration, new RecordKind<Domain.OfficerAssignment>(ReferenceDataMapping.ToContract,
            (m, created, date) => new OfficerAssignmentRecorded { OfficerAssignment = (OfficerAssignment)m, Created = created, EffectiveDate = date }));
        services.AddRecordKind(configuration, new RecordKind<Domain.Provider>(ReferenceDataMapping.ToContract,
            (m, created, date) => new ProviderRecorded { Provider = (Provider)m, Created = created, EffectiveDate = date }));
        services.AddRecordKind(configuration, new RecordKind<Domain.Samordningsforbund>(ReferenceDataMapping.ToContract,
            (m, created, date) => new SamordningsforbundRecorded { Samordningsforbund = (Samordningsforbund)m, Created = created, EffectiveDate = date }));
        services.AddSingleton<ReferenceDataCatalog>();
        services.AddOptions<ReferenceDataOptions>().Bind(configuration.GetSection(ReferenceDataOptions.Section));
        services.AddHostedService<ReferenceDataSeeder>();
        return builder;
    }

    /// <summary>One aggregate kind per record kind, each in its own context (its own index and event log), one topic.</summary>
    private static void AddRecordKind<T>(this IServiceCollection services, IConfiguration configuration, RecordKind<T> kind)
        where T : class, Domain.IReferenceRecord<T>
    {
        services.AddSingleton(kind);
        services.AddAggregate<T, RecordedEventMapper<T>>(configuration, "refdata-" + T.Kind, T.Kind, Topics.ReferenceData);
        services.AddSingleton<ReferenceStore<T>>();
    }
}
