using Rehab.BuildingBlocks.Domain;

namespace Rehab.TransitionMeetings.Domain;

/// <summary>FK's rehabilitation-chain day <see cref="RehabChainDay"/> on <see cref="ChainDayDate"/> (D9).</summary>
public sealed record ChainDayObservation(string SickCaseId, int RehabChainDay, DateOnly ChainDayDate);

/// <summary>The individual's answer, recorded on their behalf (D2); <see cref="Implied"/> when a later fact implied it (D5).</summary>
public sealed record ResponseRecord(Response Response, Channel Channel, DateOnly ResponseDate, bool Implied);

public sealed record HeldMeeting(DateOnly HeldDate, MeetingMode Mode, IReadOnlyList<Participant> Participants)
{
    public IReadOnlyList<Participant> Participants { get; init => field = ValueList.From(value); } = ValueList.From(Participants);
}

/// <summary>Kontaktmöte: job search with retained sickness benefit until chain day <see cref="UntilDay"/>, on <see cref="UntilDate"/> (T4).</summary>
public sealed record RetainedBenefitJobSearch(int UntilDay, DateOnly UntilDate, ChainDayObservation Basis)
{
    public string Explanation =>
        $"day {UntilDay} = {Chronology.Format(UntilDate)} (chain day {Basis.RehabChainDay} on {Chronology.Format(Basis.ChainDayDate)} "
        + $"{(UntilDay >= Basis.RehabChainDay ? "+" : "-")} {Math.Abs(UntilDay - Basis.RehabChainDay)} days)";
}

public sealed record SgiInformation(DateOnly ProvidedDate, Channel Channel, bool AtMeeting);

public sealed record RegistrationSupport(DateOnly OfferedDate, string AfOfficeId, ResponseRecord? Response);

/// <summary>The refusal an omställningsmöte belongs to (from the facts feed).</summary>
public sealed record Refusal(
    string SourceSystem, string RecordId, DateOnly DecisionDate, BenefitType BenefitType, bool FirstApplication, int RehabChainDay,
    DateOnly? LastBenefitDay, EmploymentStatus EmploymentStatus);

/// <summary>Whether an attendee registered at AF after the meeting (M7), and in time for SGI (D10) and within n days.</summary>
public sealed record RegistrationOutcome(
    bool RegisteredAfterMeeting, DateOnly? RegistrationDate, DateOnly? SgiDeadlineDate, bool RegisteredWithinSgiDeadline,
    bool RegisteredWithinNDays, int WithinDays)
{
    public static RegistrationOutcome Of(DateOnly heldDate, DateOnly? registrationDate, DateOnly? lastBenefitDay, TransitionRules rules)
    {
        DateOnly? deadline = lastBenefitDay is { } last ? RehabChain.SgiDeadline(last, rules.SgiRegistrationDays) : null;
        return new RegistrationOutcome(
            registrationDate is not null, registrationDate, deadline,
            registrationDate is { } r && deadline is { } d && r <= d,
            registrationDate is { } within && within <= heldDate.AddDays(rules.RegistrationWithinDays),
            rules.RegistrationWithinDays);
    }
}

/// <summary>What FK's eligibility assessment of a kontaktmöte says.</summary>
public sealed record NewContactMeeting(
    string? PersonId, string? SickCaseId, string? FkOfficeId, Gender Gender, DateOnly? EffectiveDate, bool RiskOfNotReturningToEmployer,
    bool NoReducedCapacityForNormalWork);

/// <summary>FK's trigger of an omställningsmöte while it considers not granting continued sickness benefit.</summary>
public sealed record NewTransitionMeeting(
    string? PersonId, string? SickCaseId, string? FkOfficeId, Gender Gender, DateOnly? EffectiveDate, TransitionTrigger Trigger);
