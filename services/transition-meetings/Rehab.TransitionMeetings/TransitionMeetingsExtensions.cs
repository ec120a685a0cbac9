using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Domain = Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings;

/// <summary>Configuration section <c>TransitionMeetings</c>: the configurable rules T1–T4, the Tabell 5 window and the SE trigger.</summary>
public sealed class TransitionMeetingsOptions
{
    public const string Section = "TransitionMeetings";

    public int SgiRegistrationDays { get; set; } = Domain.TransitionRules.Default.SgiRegistrationDays;
    public int ContactMeetingEarliestDay { get; set; } = Domain.TransitionRules.Default.ContactMeetingEarliestDay;
    public int ContactMeetingHorizonDay { get; set; } = Domain.TransitionRules.Default.ContactMeetingHorizonDay;
    public int RetainedBenefitUntilDay { get; set; } = Domain.TransitionRules.Default.RetainedBenefitUntilDay;
    public int RegistrationWithinDays { get; set; } = Domain.TransitionRules.Default.RegistrationWithinDays;
    public bool SicknessCompensationTriggers { get; set; } = Domain.TransitionRules.Default.SicknessCompensationTriggers;
}

public static class TransitionMeetingsExtensions
{
    public static WebApplicationBuilder AddTransitionMeetingsService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAggregate<Domain.Meeting, MeetingEventMapper>(builder.Configuration, "transition", "transition meeting", Topics.Transition);
        services.AddAggregate<Domain.PersonFacts, PersonFactsEventMapper>(
            builder.Configuration, "transitionfacts", "person facts", Topics.Transition);
        services.AddOptions<TransitionMeetingsOptions>().Bind(builder.Configuration.GetSection(TransitionMeetingsOptions.Section));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TransitionMeetingsOptions>>().Value;
            return new Domain.TransitionRules(o.SgiRegistrationDays, o.ContactMeetingEarliestDay, o.ContactMeetingHorizonDay,
                o.RetainedBenefitUntilDay, o.RegistrationWithinDays, o.SicknessCompensationTriggers);
        });
        services.AddScoped<MeetingAccess>();
        services.AddSingleton<PersonMeetings>();
        services.AddScoped<MeetingHistoryImport>();
        services.AddEventHandler<FactRecordedHandler>(Topics.Facts,
            SickCaseRecorded.Descriptor.FullName, BenefitDecisionRecorded.Descriptor.FullName, AfRegistrationSpellRecorded.Descriptor.FullName);
        return builder;
    }
}
