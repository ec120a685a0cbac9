using Google.Protobuf;
using Rehab.BuildingBlocks.Domain;
using Rehab.Reporting.Domain;
using Facts = Rehab.Contracts.Facts.V1;
using Interventions = Rehab.Contracts.Interventions.V1;
using JointAssessment = Rehab.Contracts.JointAssessment.V1;
using Person = Rehab.Contracts.Person.V1;
using Referral = Rehab.Contracts.Referral.V1;
using Transition = Rehab.Contracts.Transition.V1;

namespace Rehab.Reporting.Inputs;

/// <summary>
/// A contract event as the log or the transport delivers it (D4): the CloudEvent id and type (the message's full name), the
/// recorded time (<c>recordedat</c>) and the data as its proto message.
/// </summary>
public sealed record ContractEvent(string Id, string Type, IMessage Data, DateTimeOffset RecordedAt)
{
    public static ContractEvent Of(string id, IMessage data, DateTimeOffset recordedAt) => new(id, data.Descriptor.FullName, data, recordedAt);
}

/// <summary>
/// The fold from contract events to the reporting inputs. Stateless per event (each event gives its own rows), so the log can be
/// read in any order and replayed at will; the bitemporal <see cref="InputLog"/> decides which revision counts. Events the
/// tables do not need give no rows. Facts carry the source system's recorded_at, which is the one as-of reports use.
/// </summary>
public static class ContractEventFold
{
    /// <summary>The recorded time of what an identity number states (birth date, legal gender): timeless.</summary>
    public static readonly DateTimeOffset IdentityKnown = DateTimeOffset.MinValue;

    public static IEnumerable<ReportInput> Fold(ContractEvent e)
    {
        var at = e.RecordedAt;
        switch (e.Data)
        {
            case Referral.RehabilitationNeedIdentified x:
                return GenderRow(x.PersonId, x.Gender, Date(x.EffectiveDate), at);
            case Referral.JointAssessmentRequested x:
                return [new JointAssessmentRequested(x.ReferralId, x.PersonId, Date(x.EffectiveDate), at)];
            case Person.PersonRegistered { BirthDate: not null } x when x.BirthDate.Year != 0:
                // Birth date and legal gender are what the identity number itself says: known whenever anything about the person is,
                // so they count as recorded from the beginning. History migrated later (registration at the migration) then keeps its
                // genders and ages in reports as of earlier instants; a report still counts only people with inputs recorded by then.
                return [new PersonBirthDateStated(x.PersonId, Date(x.BirthDate), IdentityKnown),
                    .. GenderRow(x.PersonId, x.Gender, Date(x.BirthDate), IdentityKnown)];
            case JointAssessment.JointAssessmentOpened x:
                return [new RoundOpened(x.JointAssessmentId, x.PersonId, x.SickCaseId, x.RoundNo, (Gender)x.Gender, Date(x.EffectiveDate), at),
                    .. GenderRow(x.PersonId, x.Gender, Date(x.EffectiveDate), at)];
            case JointAssessment.MeetingHeld { FirstMeeting: true } x:
                return [new FirstMeetingHeld(x.JointAssessmentId, Date(x.EffectiveDate), at)];
            case JointAssessment.JointAssessmentConcluded x:
                return [new RoundConcluded(x.JointAssessmentId, (RoundConclusion)x.Conclusion, Date(x.EffectiveDate), at)];
            case Interventions.ParticipationPlanned x:
                return [new ParticipationPlanned(x.ParticipationId, x.JointAssessmentId, x.PersonId, Date(x.EffectiveDate), at, x.ReferralId),
                    .. GenderRow(x.PersonId, x.Gender, Date(x.EffectiveDate), at)];
            case Interventions.ParticipationStarted x:
                return [new ParticipationStarted(x.ParticipationId, x.StartDate is null ? Date(x.EffectiveDate) : Date(x.StartDate), at, x.PersonId)];
            case Interventions.ParticipationClosed x:
                return [new ParticipationClosed(x.ParticipationId, x.PersonId, (Gender)x.Gender, (BenefitType)x.BenefitTypeAtClosure,
                        (ClosureOutcome)x.Outcome, Date(x.EffectiveDate), at, (OccupationAfterClosure)x.OccupationAfterClosure),
                    .. GenderRow(x.PersonId, x.Gender, Date(x.EffectiveDate), at)];
            case Interventions.ClosureOutcomeCorrected x:
                return [new ClosureOutcomeCorrected(x.ParticipationId, (ClosureOutcome)x.Outcome, Date(x.EffectiveDate), at,
                    (OccupationAfterClosure)x.OccupationAfterClosure)];
            case Transition.MeetingHeld { Meeting: null }:
                throw new ValidationFailedException("x.Meeting", "is required");
            case Transition.MeetingHeld x:
                return [new TransitionMeetingHeld(x.Meeting.MeetingId, x.Meeting.PersonId, (TransitionMeetingType)x.Meeting.MeetingType,
                        (BenefitType)x.Meeting.BenefitType, (Gender)x.Meeting.Gender, Date(x.EffectiveDate), at),
                    .. GenderRow(x.Meeting.PersonId, x.Meeting.Gender, Date(x.EffectiveDate), at)];
            case Facts.SickCaseRecorded x:
                return Fact(x.Record);
            case Facts.BenefitPeriodRecorded x:
                return Fact(x.Record);
            case Facts.BenefitDecisionRecorded x:
                return Fact(x.Record);
            case Facts.AfRegistrationSpellRecorded x:
                return Fact(x.Record);
            default:
                return [];
        }
    }

    /// <summary>One stored fact revision (the facts import's FactRecord, with person_id resolved) as reporting inputs.</summary>
    public static IEnumerable<ReportInput> Fact(Facts.FactRecord r)
    {
        var key = $"{r.SourceSystem}/{r.RecordId}";
        var effective = Date(r.EffectiveDate);
        var at = r.RecordedAt?.ToDateTimeOffset() ?? throw new ValidationFailedException("r.RecordedAt", "is required");
        return r.FactCase switch
        {
            Facts.FactRecord.FactOneofCase.SickCase =>
                [new SickCaseFact(key, r.SickCase.SickCaseId, r.PersonId, Date(r.SickCase.StartDate), effective, at)],
            Facts.FactRecord.FactOneofCase.BenefitPeriod =>
                [new BenefitPeriodFact(key, r.BenefitPeriod.BenefitPeriodId, r.PersonId, (BenefitType)r.BenefitPeriod.BenefitType,
                    Date(r.BenefitPeriod.StartDate), OptionalDate(r.BenefitPeriod.EndDate), effective, at)],
            Facts.FactRecord.FactOneofCase.BenefitDecision when r.BenefitDecision.Kind == Facts.DecisionKind.Refusal =>
                [new RefusalFact(key, r.PersonId, (BenefitType)r.BenefitDecision.BenefitType, Date(r.BenefitDecision.DecisionDate),
                    r.BenefitDecision.FirstApplication, r.BenefitDecision.RehabChainDay, (EmploymentStatus)r.BenefitDecision.EmploymentStatus, effective, at)],
            Facts.FactRecord.FactOneofCase.RegistrationSpell =>
                [new RegistrationSpellFact(key, r.PersonId, Date(r.RegistrationSpell.RegistrationDate), OptionalDate(r.RegistrationSpell.DeregistrationDate), effective, at,
                    (RegistrationStatus)r.RegistrationSpell.RegistrationStatus, (DeregistrationReason)r.RegistrationSpell.DeregistrationReason, r.RegistrationSpell.SkatCode)],
            _ => [],
        };
    }

    private static IEnumerable<ReportInput> GenderRow(string personId, Contracts.Common.V1.Gender gender, DateOnly effective, DateTimeOffset at) =>
        gender == Contracts.Common.V1.Gender.Unspecified ? [] : [new PersonGenderStated(personId, (Gender)gender, effective, at)];

    /// <summary>A date the contract requires; an event without it is malformed (the handler drops it, naming the field).</summary>
    private static DateOnly Date(Google.Type.Date? d, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(d))] string field = "") =>
        d is null || d.Year is < 1 or > 9999 || d.Month is < 1 or > 12 || d.Day < 1 || d.Day > DateTime.DaysInMonth(d.Year, d.Month)
            ? throw new ValidationFailedException(field, "is missing or not a calendar date")
            : new(d.Year, d.Month, d.Day);

    private static DateOnly? OptionalDate(Google.Type.Date? d, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(d))] string field = "") =>
        d is null || d.Year == 0 ? null : Date(d, field);
}
