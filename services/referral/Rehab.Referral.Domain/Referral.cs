using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.Referral.Domain;

/// <summary>
/// FK's request to AF for a joint assessment (DOMAIN §3a as amended by D5, D6, D7, D16).
/// Immutable and event-sourced: the state is the fold of its events (<see cref="Replay"/>), and every
/// command returns the events it decided together with the state they produce (<see cref="Apply"/>).
/// The store keeps created/updated times and the version; they are not domain concerns.
/// </summary>
public sealed partial record Referral : IHasUniqueKeys
{
    public string ReferralId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public string SickCaseId { get; init; } = "";
    public DateOnly SickCaseStartDate { get; init; }
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList<BenefitType>.Empty;
    public Gender Gender { get; init; }
    public DateOnly BirthDate { get; init; }
    public ReferralState State { get; init; }
    public string FkOfficeId { get; init; } = "";
    public ImpulseSource ImpulseSource { get; init; }
    public bool HasEmployer { get; init; }

    public DateOnly NeedIdentifiedDate { get; init; }
    public DateOnly? RelevanceAssessedDate { get; init; }
    public IReadOnlyList<PreparatoryContact> PreparatoryContacts { get; init => field = ValueList.From(value); } = ValueList<PreparatoryContact>.Empty;
    public DateOnly? EmployerAdaptationRuledOutDate { get; init; }
    public Consent Consent { get; init; } = Consent.NotRequested;
    public DateOnly? RequestSentDate { get; init; }
    public DateOnly? RequestReceivedDate { get; init; }
    public Booking? Booking { get; init; }

    public RejectionReason RejectionReason { get; init; }
    public string RejectionNote { get; init; } = "";
    public WithdrawalReason WithdrawalReason { get; init; }
    public bool WithdrawnOnBehalfOfIndividual { get; init; }
    public Channel WithdrawalChannel { get; init; }

    /// <summary>When the referral reached a terminal state (converted, refused, withdrawn or rejected).</summary>
    public DateOnly? ClosedDate { get; init; }

    [JsonIgnore]
    public bool IsTerminal => State is ReferralState.Converted or ReferralState.ConsentRefused
        or ReferralState.Withdrawn or ReferralState.Rejected;

    /// <summary>D16: at most one open referral per person and sick case. A terminal referral releases its key.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => IsTerminal ? [] : [OpenReferralKey(PersonId, SickCaseId)];

    public static string OpenReferralKey(string personId, string sickCaseId) => $"open-referral:{personId}:{sickCaseId}";

    /// <summary>Rebuilds a referral from all its events, oldest first.</summary>
    public static Referral Replay(IEnumerable<IDomainEvent> events) =>
        events.Aggregate(new Referral(), (state, e) => state.Apply(e));

    /// <summary>Evolves the state by one event. Facts only: the decisions were taken by the command that emitted it.</summary>
    public Referral Apply(IDomainEvent domainEvent) => domainEvent switch
    {
        RehabilitationNeedIdentified e => Open(e),
        CooperationRelevanceAssessed e => this with { State = ReferralState.Preparing, RelevanceAssessedDate = e.EffectiveDate },
        PreparatoryContactRecorded e => this with
        {
            PreparatoryContacts = [.. PreparatoryContacts, new PreparatoryContact(e.ContactType, e.EffectiveDate)],
        },
        EmployerAdaptationRuledOut e => this with { EmployerAdaptationRuledOutDate = e.EffectiveDate },
        ConsentRequested e => this with
        {
            State = ReferralState.AwaitingConsent,
            Consent = Consent with { State = ConsentState.Requested, ConsentRequestedDate = e.EffectiveDate },
        },
        ConsentGiven e => this with
        {
            State = State == ReferralState.AwaitingConsent ? ReferralState.ReadyToSend : State,
            Consent = Consent with { State = ConsentState.Given, ConsentGivenDate = e.EffectiveDate, Channel = e.Channel },
        },
        // Refused before conversion ends the referral; after conversion only the consent changes (projected elsewhere).
        ConsentRefused e => this with
        {
            State = State == ReferralState.Converted ? State : ReferralState.ConsentRefused,
            ClosedDate = State == ReferralState.Converted ? ClosedDate : e.EffectiveDate,
            Consent = Consent with { State = ConsentState.Refused, ConsentRefusedDate = e.EffectiveDate, Channel = e.Channel },
        },
        ConsentWithdrawn e => this with
        {
            Consent = Consent with { State = ConsentState.Withdrawn, ConsentWithdrawnDate = e.EffectiveDate, Channel = e.Channel },
        },
        JointAssessmentRequested e => this with { State = ReferralState.Sent, RequestSentDate = e.EffectiveDate },
        JointAssessmentRequestReceived e => this with { State = ReferralState.Received, RequestReceivedDate = e.EffectiveDate },
        JointAssessmentBooked e => this with
        {
            State = ReferralState.Converted,
            Booking = new Booking(e.MeetingAt, e.AfOfficeId, e.AfOfficerId, e.EffectiveDate),
            ClosedDate = e.EffectiveDate,
        },
        JointAssessmentRequestRejected e => this with
        {
            State = ReferralState.Rejected,
            RejectionReason = e.Reason,
            RejectionNote = e.Note,
            ClosedDate = e.EffectiveDate,
        },
        ReferralWithdrawn e => this with
        {
            State = ReferralState.Withdrawn,
            WithdrawalReason = e.Reason,
            WithdrawnOnBehalfOfIndividual = e.OnBehalfOfIndividual,
            WithdrawalChannel = e.Channel,
            ClosedDate = e.EffectiveDate,
        },
        _ => throw new ArgumentException($"{domainEvent.GetType().Name} is not a referral event", nameof(domainEvent)),
    };

    private Referral Open(RehabilitationNeedIdentified e)
    {
        if (State != ReferralState.Unspecified)
            throw new InvalidOperationException($"referral {ReferralId} is already open; RehabilitationNeedIdentified must be its first event");

        return new Referral
        {
            ReferralId = e.ReferralId,
            PersonId = e.PersonId,
            SickCaseId = e.SickCaseId,
            SickCaseStartDate = e.SickCaseStartDate,
            BenefitTypes = e.BenefitTypes,
            Gender = e.Gender,
            BirthDate = e.BirthDate,
            FkOfficeId = e.FkOfficeId,
            ImpulseSource = e.ImpulseSource,
            HasEmployer = e.HasEmployer,
            NeedIdentifiedDate = e.EffectiveDate,
            State = ReferralState.NeedIdentified,
        };
    }
}
