using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Messaging;
using Rehab.Contracts;
using Rehab.Contracts.JointAssessment.V1;
using Domain = Rehab.Interventions.Domain;

namespace Rehab.Interventions;

/// <summary>
/// Configuration section <c>Interventions</c>: the follow-up interval (no default, DOMAIN §4: unset means no FollowUpScheduled),
/// T6 (work-oriented threshold), T7 (programme share of the insured hours) and T10 (months to correct the occupation).
/// </summary>
public sealed class InterventionsOptions
{
    public const string Section = "Interventions";

    public int? FollowUpIntervalDays { get; set; }

    public double WorkOrientedMinimumHours { get; set; } = Domain.InterventionsRules.Default.WorkOrientedMinimumHours;

    public double ProgrammeMinimumShare { get; set; } = Domain.InterventionsRules.Default.ProgrammeMinimumShare;

    public int CorrectionWindowMonths { get; set; } = Domain.InterventionsRules.Default.CorrectionWindowMonths;
}

public static class InterventionsExtensions
{
    public static WebApplicationBuilder AddInterventionsService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAggregate<Domain.Participation, InterventionsEventMapper>(
            builder.Configuration, "interventions", "participation", Topics.Interventions);
        // The rounds' offices and benefits (JointAssessmentOpened), which the plan event does not carry. A projection: no events.
        services.AddAggregate<Domain.KnownRound, KnownRoundMapper>(
            builder.Configuration, "interventions-rounds", "joint-assessment round", Topics.Interventions);
        services.AddAggregate<Domain.ConsentWithdrawal, ConsentWithdrawalMapper>(
            builder.Configuration, "interventions-consent", "consent withdrawal", Topics.Interventions);
        services.AddOptions<InterventionsOptions>().Bind(builder.Configuration.GetSection(InterventionsOptions.Section))
            .Validate(o => o.FollowUpIntervalDays is null or > 0, "Interventions:FollowUpIntervalDays must be positive when set")
            .Validate(o => o.CorrectionWindowMonths > 0 && o.ProgrammeMinimumShare is > 0 and < 1, "Interventions: T7 share in (0,1), T10 months > 0");
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<InterventionsOptions>>().Value;
            return new Domain.InterventionsRules(o.FollowUpIntervalDays, o.WorkOrientedMinimumHours, o.ProgrammeMinimumShare, o.CorrectionWindowMonths);
        });
        services.AddScoped<ParticipationAccess>();
        services.AddSingleton<ConsentWithdrawals>();
        services.AddScoped<ParticipationHistoryImport>();
        services.AddEventHandler<JointAssessmentOpenedHandler>(Topics.JointAssessment, JointAssessmentOpened.Descriptor.FullName);
        services.AddEventHandler<RehabilitationPlanEstablishedHandler>(Topics.JointAssessment, RehabilitationPlanEstablished.Descriptor.FullName);
        services.AddEventHandler<RehabilitationPlanRevisedHandler>(Topics.JointAssessment, RehabilitationPlanRevised.Descriptor.FullName);
        services.AddEventHandler<ConsentWithdrawnHandler>(Topics.Referral, Contracts.Referral.V1.ConsentWithdrawn.Descriptor.FullName);
        return builder;
    }
}

/// <summary>The withdrawal projection records facts only; it has no events to map.</summary>
public sealed class ConsentWithdrawalMapper : IEventMapper<Domain.ConsentWithdrawal>
{
    public ContractEvent Map(BuildingBlocks.Domain.IDomainEvent domainEvent, string aggregateId, Domain.ConsentWithdrawal stateAfter) =>
        throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "the withdrawal projection has no events");
}

/// <summary>The round projection records facts only; it has no events to map.</summary>
public sealed class KnownRoundMapper : IEventMapper<Domain.KnownRound>
{
    public ContractEvent Map(BuildingBlocks.Domain.IDomainEvent domainEvent, string aggregateId, Domain.KnownRound stateAfter) =>
        throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "the round projection has no events");
}
