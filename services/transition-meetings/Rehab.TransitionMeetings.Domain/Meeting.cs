using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.TransitionMeetings.Domain;

/// <summary>
/// A transition support meeting (möten för omställning): a kontaktmöte (§3d) or an omställningsmöte (§3e). Immutable and
/// event-sourced: the state is the fold of its events (<see cref="Replay"/>); every command returns its events and the state
/// they produce. Meetings live in the person's shard and claim the key person:&lt;id&gt;:meeting:&lt;n&gt;, so the facts handler can
/// find a person's meetings; a meeting triggered from a refusal also claims the refusal's record name (once per refusal).
/// </summary>
public sealed partial record Meeting : IHasUniqueKeys
{
    public string MeetingId { get; init; } = "";
    public MeetingType MeetingType { get; init; }
    public string PersonId { get; init; } = "";
    public int Sequence { get; init; }
    public MeetingState State { get; init; }
    public TransitionTrigger Trigger { get; init; }
    public BenefitType BenefitType { get; init; }
    public string SickCaseId { get; init; } = "";
    public Gender Gender { get; init; }
    public string FkOfficeId { get; init; } = "";
    public string AfOfficeId { get; init; } = "";
    public DateOnly OpenedDate { get; init; }

    public ChainDayObservation? ChainDay { get; init; }
    public int ChainDayAtEligibility { get; init; }
    public bool RiskOfNotReturningToEmployer { get; init; }
    public bool NoReducedCapacityForNormalWork { get; init; }

    public DateOnly? OfferedDate { get; init; }
    public int ChainDayAtOffer { get; init; }
    public ResponseRecord? Response { get; init; }
    public HeldMeeting? Held { get; init; }
    public DateOnly? NoShowDate { get; init; }
    public RetainedBenefitJobSearch? JobSearch { get; init; }
    public SgiInformation? SgiInformation { get; init; }
    public RegistrationSupport? RegistrationSupport { get; init; }

    /// <summary>The record name of the refusal that triggered the meeting (a trigger from the facts feed).</summary>
    public string? TriggeringRefusal { get; init; }
    public Refusal? Refusal { get; init; }
    public RegistrationOutcome? Registration { get; init; }

    /// <summary>
    /// The version of the person's facts projection the meeting was last joined with (0: none recorded, e.g. stored before it
    /// was). A join with an older snapshot is ignored, so concurrent joins cannot undo each other (docs/architecture.md).
    /// </summary>
    public long FactsVersion { get; init; }

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys =>
        TriggeringRefusal is null ? [SequenceKey(PersonId, Sequence)] : [SequenceKey(PersonId, Sequence), RefusalKey(TriggeringRefusal)];

    public static string SequenceKey(string personId, int sequence) => $"person:{personId}:meeting:{sequence}";

    public static string RefusalKey(string refusalRecord) => $"refusal:{refusalRecord}";

    public static string RecordName(string sourceSystem, string recordId) => $"{sourceSystem}/{recordId}";

    public static Meeting Replay(IEnumerable<IDomainEvent> events) => events.Aggregate(new Meeting(), (state, e) => state.Apply(e));

    /// <summary>Evolves the state by one event. Facts only: the decisions were taken by the command that emitted it.</summary>
    public Meeting Apply(IDomainEvent domainEvent) => domainEvent switch
    {
        ContactMeetingEligibilityAssessed e => new Meeting
        {
            MeetingId = e.MeetingId, MeetingType = MeetingType.ContactMeeting, PersonId = e.PersonId, Sequence = e.Sequence,
            State = MeetingState.Eligible, BenefitType = BenefitType.SicknessBenefit, SickCaseId = e.SickCaseId, Gender = e.Gender,
            FkOfficeId = e.FkOfficeId, OpenedDate = e.EffectiveDate, ChainDay = e.ChainDay, ChainDayAtEligibility = e.ChainDayAtEligibility,
            RiskOfNotReturningToEmployer = e.RiskOfNotReturningToEmployer, NoReducedCapacityForNormalWork = e.NoReducedCapacityForNormalWork,
        },
        TransitionMeetingTriggered e => new Meeting
        {
            MeetingId = e.MeetingId, MeetingType = MeetingType.TransitionMeeting, PersonId = e.PersonId, Sequence = e.Sequence,
            State = MeetingState.Triggered, Trigger = e.Trigger, BenefitType = e.BenefitType, SickCaseId = e.SickCaseId, Gender = e.Gender,
            FkOfficeId = e.FkOfficeId, OpenedDate = e.EffectiveDate, Refusal = e.Refusal,
            TriggeringRefusal = e.Refusal is { } r ? RecordName(r.SourceSystem, r.RecordId) : null,
        },
        MeetingOffered e => this with
        {
            State = MeetingState.Offered, OfferedDate = e.EffectiveDate, FkOfficeId = e.FkOfficeId, ChainDayAtOffer = e.ChainDayAtOffer,
            Gender = e.Gender == Gender.Unspecified ? Gender : e.Gender,
        },
        MeetingAccepted e => this with { State = MeetingState.Accepted, Response = new ResponseRecord(Domain.Response.Accepted, e.Channel, e.EffectiveDate, e.Implied) },
        MeetingDeclined e => this with { State = MeetingState.Declined, Response = new ResponseRecord(Domain.Response.Declined, e.Channel, e.EffectiveDate, false) },
        MeetingHeld e => this with
        {
            State = MeetingType == MeetingType.ContactMeeting ? MeetingState.Completed : MeetingState.Held,
            Held = new HeldMeeting(e.EffectiveDate, e.Mode, e.Participants), AfOfficeId = e.AfOfficeId,
        },
        MeetingNoShow e => this with { State = MeetingState.NoShow, NoShowDate = e.EffectiveDate },
        RetainedBenefitJobSearchStarted e => this with { JobSearch = e.JobSearch },
        SgiInformationProvided e => this with { SgiInformation = new SgiInformation(e.EffectiveDate, e.Channel, e.AtMeeting) },
        AfRegistrationSupportOffered e => this with
        {
            State = MeetingState.RegistrationSupportOffered, RegistrationSupport = new RegistrationSupport(e.EffectiveDate, e.AfOfficeId, null),
            AfOfficeId = e.AfOfficeId,
        },
        AfRegistrationSupportAnswered e => this with
        {
            State = MeetingState.Completed,
            RegistrationSupport = RegistrationSupport! with { Response = new ResponseRecord(e.Response, e.Channel, e.EffectiveDate, false) },
        },
        MeetingRefusalRecorded e => this with { Refusal = e.Refusal },
        RegistrationAfterMeetingRecorded e => this with { Registration = e.Registration },
        FactsJoined e => this with { FactsVersion = Math.Max(FactsVersion, e.FactsVersion) },
        _ => throw new ArgumentException($"{domainEvent.GetType().Name} is not a transition-meeting event", nameof(domainEvent)),
    };
}
