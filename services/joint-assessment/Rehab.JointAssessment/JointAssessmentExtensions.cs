using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>Configuration section <c>JointAssessment</c>: the configurable rules T13 (cut-over) and T6 (work-oriented threshold).</summary>
public sealed class JointAssessmentOptions
{
    public const string Section = "JointAssessment";

    /// <summary>Bookings on or after this date follow the revised method (information + planning meeting).</summary>
    public DateOnly RevisedProcessFrom { get; set; } = Domain.JointAssessmentRules.Default.RevisedProcessFrom;

    public double WorkOrientedMinimumHours { get; set; } = Domain.JointAssessmentRules.Default.WorkOrientedMinimumHours;
}

public static class JointAssessmentExtensions
{
    public static WebApplicationBuilder AddJointAssessmentService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAggregate<Domain.JointAssessment, JointAssessmentEventMapper>(
            builder.Configuration, "jointassessment", "joint assessment", Topics.JointAssessment);
        // The referral's consent as last decided, for a round opened after the change was handled. A projection: no events.
        services.AddAggregate<Domain.ReferralConsent, ReferralConsentMapper>(
            builder.Configuration, "jointassessment-consent", "referral consent", Topics.JointAssessment);
        services.AddSingleton<ReferralConsents>();
        services.AddOptions<JointAssessmentOptions>().Bind(builder.Configuration.GetSection(JointAssessmentOptions.Section));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<JointAssessmentOptions>>().Value;
            return new Domain.JointAssessmentRules(o.RevisedProcessFrom, o.WorkOrientedMinimumHours);
        });
        services.AddScoped<JointAssessmentAccess>();
        services.AddScoped<JointAssessmentHistoryImport>();
        services.AddEventHandler<JointAssessmentBookedHandler>(Topics.Referral, JointAssessmentBooked.Descriptor.FullName);
        services.AddEventHandler<ConsentChangedHandler>(Topics.Referral,
            ConsentGiven.Descriptor.FullName, ConsentRefused.Descriptor.FullName, ConsentWithdrawn.Descriptor.FullName);
        return builder;
    }
}

/// <summary>The consent projection records facts only; it has no events to map.</summary>
public sealed class ReferralConsentMapper : IEventMapper<Domain.ReferralConsent>
{
    public ContractEvent Map(BuildingBlocks.Domain.IDomainEvent domainEvent, string aggregateId, Domain.ReferralConsent stateAfter) =>
        throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "the consent projection has no events");
}
