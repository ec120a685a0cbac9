using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Timers;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Rehab.Tracking.Domain;

namespace Rehab.Tracking;

/// <summary>Configuration section <c>Tracking</c>: the SGI rules (T1 versions, reminder offsets).</summary>
public sealed class TrackingOptions
{
    public const string Section = "Tracking";

    public SgiOptions Sgi { get; set; } = new();

    public sealed class SgiOptions
    {
        public SgiDeadlineVersion[] DeadlineVersions { get; set; } = [];
        public int[] ReminderDaysBefore { get; set; } = [];

        public SgiRules ToRules() => new(
            DeadlineVersions.Length == 0 ? SgiRules.Default.DeadlineVersions : DeadlineVersions,
            ReminderDaysBefore.Length == 0 ? SgiRules.Default.ReminderDaysBefore : ReminderDaysBefore);
    }
}

public static class TrackingExtensions
{
    /// <summary>Case tracks and SGI protections live in contexts of their own (each has its own listing index), both on one topic.</summary>
    public const string CaseContext = "tracking-case";
    public const string SgiContext = "tracking-sgi";
    public const string FollowUpContext = "tracking-followup";

    public static WebApplicationBuilder AddTrackingService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAggregate<CaseTrack, CaseEventMapper>(builder.Configuration, CaseContext, "case", Topics.Tracking);
        services.AddAggregate<SgiProtection, SgiEventMapper>(builder.Configuration, SgiContext, "sgi protection", Topics.Tracking);
        services.AddOptions<TrackingOptions>().Bind(builder.Configuration.GetSection(TrackingOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TrackingOptions>>().Value.Sgi.ToRules());
        services.AddAggregate<FollowUp, FollowUpEventMapper>(builder.Configuration, FollowUpContext, "follow-up", Topics.Tracking);
        services.AddSingleton<SgiPlanner>();
        // The timer sets follow the contexts' own logs (TimersPlanned); a firing comes back as TimerFired on our topic.
        services.AddTimers<SgiTimers>(builder.Configuration);
        services.AddTimers<FollowUpTimers>(builder.Configuration);
        services.AddEventHandler<TimerFiredHandler>(Topics.Tracking, Rehab.Contracts.Tracking.V1.TimerFired.Descriptor.FullName);
        services.AddEventHandler<InterventionsEventsHandler>(Topics.Interventions,
            [.. InterventionsEventsHandler.FollowUpEventTypes, .. MilestoneMap.EventTypesOn(Topics.Interventions)]);
        services.AddScoped<TrackingAccess>();
        services.AddScoped<CaseProjector>();
        services.AddEventHandler<ReferralEventsHandler>(Topics.Referral, MilestoneMap.EventTypesOn(Topics.Referral));
        services.AddEventHandler<JointAssessmentEventsHandler>(Topics.JointAssessment, MilestoneMap.EventTypesOn(Topics.JointAssessment));
        services.AddKeyedAppendLog(builder.Configuration);
        services.AddSingleton<OfficeRegions>();
        services.AddEventHandler<OfficeRecordedHandler>(Topics.ReferenceData, Rehab.Contracts.ReferenceData.V1.OfficeRecorded.Descriptor.FullName);
        services.AddEventHandler<FactsEventsHandler>(Topics.Facts,
            BenefitDecisionRecorded.Descriptor.FullName, AfRegistrationSpellRecorded.Descriptor.FullName);
        return builder;
    }
}
