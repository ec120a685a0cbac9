using Google.Protobuf.Reflection;

namespace Rehab.Contracts;

/// <summary>
/// Every service and event message of the platform's contracts, for reflection,
/// authorization coverage and CloudEvent type resolution.
/// </summary>
public static class ContractCatalog
{
    public static IReadOnlyList<FileDescriptor> Files { get; } =
    [
        Common.V1.CommonReflection.Descriptor,
        Person.V1.PersonRegistryReflection.Descriptor,
        Person.V1.PersonEventsReflection.Descriptor,
        Referral.V1.ReferralReflection.Descriptor,
        Referral.V1.ReferralServiceReflection.Descriptor,
        Referral.V1.ReferralEventsReflection.Descriptor,
        ReferenceData.V1.ReferenceDataReflection.Descriptor,
        ReferenceData.V1.ReferenceDataServiceReflection.Descriptor,
        ReferenceData.V1.ReferenceDataEventsReflection.Descriptor,
        JointAssessment.V1.JointAssessmentReflection.Descriptor,
        JointAssessment.V1.JointAssessmentServiceReflection.Descriptor,
        JointAssessment.V1.JointAssessmentEventsReflection.Descriptor,
        Facts.V1.FactsReflection.Descriptor,
        Facts.V1.FactsServiceReflection.Descriptor,
        Facts.V1.FactsEventsReflection.Descriptor,
        Interventions.V1.InterventionsReflection.Descriptor,
        Interventions.V1.InterventionsServiceReflection.Descriptor,
        Interventions.V1.InterventionsEventsReflection.Descriptor,
        Transition.V1.TransitionReflection.Descriptor,
        Transition.V1.TransitionServiceReflection.Descriptor,
        Transition.V1.TransitionEventsReflection.Descriptor,
        Tracking.V1.TrackingReflection.Descriptor,
        Tracking.V1.TrackingServiceReflection.Descriptor,
        Tracking.V1.TrackingEventsReflection.Descriptor,
        Reporting.V1.ReportingReflection.Descriptor,
        Reporting.V1.ReportingServiceReflection.Descriptor,
    ];

    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
        Files.SelectMany(f => f.Services).ToList();

    /// <summary>Event messages: every message declared in a *_events.proto file.</summary>
    public static TypeRegistry Events { get; } =
        TypeRegistry.FromFiles(Files.Where(f => f.Name.EndsWith("_events.proto", StringComparison.Ordinal)).ToArray());

    public static IEnumerable<MessageDescriptor> EventMessages =>
        Files.Where(f => f.Name.EndsWith("_events.proto", StringComparison.Ordinal)).SelectMany(f => f.MessageTypes);
}
