using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

/// <summary>
/// One input row of the annual tables: a fact as reported by one contract event, with when it took effect and when it was
/// recorded (DOMAIN §9.6). Rows with the same <see cref="Key"/> are revisions of one fact; as of an instant, the revision with
/// the latest <see cref="RecordedAt"/> at or before it counts.
/// </summary>
public abstract record ReportInput(DateOnly EffectiveDate, DateTimeOffset RecordedAt)
{
    public abstract string Key { get; }

    /// <summary>
    /// What recorded this revision, as a diff names it (never a person): a fact's "source_system/record_id", else the id of the
    /// contract event (CloudEvent id) it was folded from. Null for rows built without a source (tests, the generator).
    /// </summary>
    public string? Reference { get; init; }
}

/// <summary>A person's gender as some event states it (rounds, closures, meetings; the person registry once it publishes it).</summary>
public sealed record PersonGenderStated(string PersonId, Gender Gender, DateOnly EffectiveDate, DateTimeOffset RecordedAt)
    : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"gender:{PersonId}";
}

/// <summary>
/// A person's birth date (the person registry's <c>PersonRegistered</c>): the age bands of 001 Tabell 4. Effective on the birth date.
/// </summary>
public sealed record PersonBirthDateStated(string PersonId, DateOnly BirthDate, DateTimeOffset RecordedAt) : ReportInput(BirthDate, RecordedAt)
{
    public override string Key => $"birth:{PersonId}";
}

/// <summary>
/// The referral's <c>JointAssessmentRequested</c>: the GK is "initierad" (001's duration KPI, LT9 [INF]). A referral requested
/// again on another date is a second row; the earliest counts (Rehab.Metrics' milestone policy).
/// </summary>
public sealed record JointAssessmentRequested(string ReferralId, string PersonId, DateOnly EffectiveDate, DateTimeOffset RecordedAt)
    : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"ja-requested:{ReferralId}:{EffectiveDate.DayNumber}";
}

/// <summary>A joint-assessment round (<c>JointAssessmentOpened</c>).</summary>
public sealed record RoundOpened(string RoundId, string PersonId, string SickCaseId, int RoundNo, Gender Gender,
    DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"round:{RoundId}";
}

/// <summary>The round's first held meeting (<c>MeetingHeld</c> with first_meeting): the GK is "genomförd" on this date (§10 Q4).</summary>
public sealed record FirstMeetingHeld(string RoundId, DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"round-first-meeting:{RoundId}";
}

public enum RoundConclusion
{
    Unspecified = 0,
    PlanAgreed = 1,
    NotProceeding = 2,
    Declined = 3,
}

/// <summary><c>JointAssessmentConcluded</c>, effective on the conclusion date.</summary>
public sealed record RoundConcluded(string RoundId, RoundConclusion Conclusion, DateOnly EffectiveDate, DateTimeOffset RecordedAt)
    : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"round-concluded:{RoundId}";
}

/// <summary><c>ParticipationPlanned</c>: links a participation to the round whose plan opened it and to its referral.</summary>
public sealed record ParticipationPlanned(string ParticipationId, string RoundId, string PersonId, DateOnly EffectiveDate, DateTimeOffset RecordedAt,
    string ReferralId = "") : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"participation:{ParticipationId}";
}

/// <summary>
/// <c>ParticipationStarted</c>: the intervention phase began on <see cref="ReportInput.EffectiveDate"/> (the start date; AF's
/// registered start, the 002 cohort's anchor).
/// </summary>
public sealed record ParticipationStarted(string ParticipationId, DateOnly EffectiveDate, DateTimeOffset RecordedAt, string PersonId = "")
    : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"participation-started:{ParticipationId}";
}

public enum ClosureOutcome
{
    Unspecified = 0,
    WorkCapacityAchieved = 1,
    RemainsInSicknessInsurance = 2,
    Unknown = 3,
}

/// <summary><c>ParticipationClosed</c>, effective on the closed date, with the occupation after closure (D11).</summary>
public sealed record ParticipationClosed(string ParticipationId, string PersonId, Gender Gender, BenefitType BenefitAtClosure, ClosureOutcome Outcome,
    DateOnly EffectiveDate, DateTimeOffset RecordedAt, OccupationAfterClosure Occupation = OccupationAfterClosure.Unspecified)
    : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"closure:{ParticipationId}";
}

/// <summary><c>ClosureOutcomeCorrected</c>: a later revision of the closure's outcome and occupation (D11, within T10).</summary>
public sealed record ClosureOutcomeCorrected(string ParticipationId, ClosureOutcome Outcome, DateOnly EffectiveDate, DateTimeOffset RecordedAt,
    OccupationAfterClosure Occupation = OccupationAfterClosure.Unspecified) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"closure-outcome:{ParticipationId}";
}

/// <summary>A sick case from the facts feed (D9); <see cref="FactKey"/> is (source_system, record_id).</summary>
public sealed record SickCaseFact(string FactKey, string SickCaseId, string PersonId, DateOnly StartDate, DateOnly EffectiveDate, DateTimeOffset RecordedAt)
    : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"fact:{FactKey}";
}

/// <summary>A benefit period from the facts feed; <see cref="EndDate"/> is null while ongoing.</summary>
public sealed record BenefitPeriodFact(string FactKey, string BenefitPeriodId, string PersonId, BenefitType BenefitType, DateOnly StartDate, DateOnly? EndDate,
    DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"fact:{FactKey}";

    public bool Covers(DateOnly date) => StartDate <= date && (EndDate is null || date <= EndDate);
}

/// <summary>A refusal (avslag) from the facts feed: the Tabell 4 share's population (M6, M7).</summary>
public sealed record RefusalFact(string FactKey, string PersonId, BenefitType BenefitType, DateOnly DecisionDate, bool FirstApplication, int RehabChainDay,
    EmploymentStatus EmploymentStatus, DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"fact:{FactKey}";
}

/// <summary>
/// An AF registration spell from the facts feed; <see cref="DeregistrationDate"/> is null while registered. The spell carries one
/// job-seeker category (<see cref="Status"/>, with the SKAT code as sent): a change of category is a new spell in the feed.
/// </summary>
public sealed record RegistrationSpellFact(string FactKey, string PersonId, DateOnly RegistrationDate, DateOnly? DeregistrationDate,
    DateOnly EffectiveDate, DateTimeOffset RecordedAt, RegistrationStatus Status = RegistrationStatus.Unspecified,
    DeregistrationReason Reason = DeregistrationReason.Unspecified, string SkatCode = "") : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"fact:{FactKey}";

    public bool Overlaps(DateOnly from, DateOnly to) => RegistrationDate <= to && (DeregistrationDate is null || DeregistrationDate >= from);

    /// <summary>Registered on <paramref name="date"/>: from the registration date up to, not including, the deregistration date.</summary>
    public bool RegisteredOn(DateOnly date) => RegistrationDate <= date && (DeregistrationDate is null || DeregistrationDate > date);
}

public enum TransitionMeetingType
{
    Unspecified = 0,
    ContactMeeting = 1,
    TransitionMeeting = 2,
}

/// <summary>A held kontaktmöte or omställningsmöte (transition <c>MeetingHeld</c>), effective on the held date.</summary>
public sealed record TransitionMeetingHeld(string MeetingId, string PersonId, TransitionMeetingType MeetingType, BenefitType BenefitType, Gender Gender,
    DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"transition-held:{MeetingId}";
}
