using Rehab.BuildingBlocks.Domain;

namespace Rehab.Referral.Tests.Domain;

// Inside the namespace: otherwise "Referral" would bind to the namespace Rehab.Referral.
using Rehab.Referral.Domain;

/// <summary>A referral as its commands left it, with every event emitted on the way (for replay checks).</summary>
internal sealed record Journey(Referral State, IReadOnlyList<IDomainEvent> Events)
{
    public Journey Then(Func<Referral, Change<Referral>> command)
    {
        var change = command(State);
        return new Journey(change.State, [.. Events, .. change.Events]);
    }
}

/// <summary>One referral's dates, in process order, all before <see cref="Today"/> (late registration is normal, D5).</summary>
internal static class Scenario
{
    public static readonly DateOnly SickCaseStart = new(2025, 1, 13);
    public static readonly DateOnly NeedIdentified = new(2025, 2, 3);
    public static readonly DateOnly RelevanceAssessed = new(2025, 2, 10);
    public static readonly DateOnly ContactDate = new(2025, 2, 12);
    public static readonly DateOnly AdaptationRuledOut = new(2025, 2, 14);
    public static readonly DateOnly ConsentRequestedOn = new(2025, 2, 17);
    public static readonly DateOnly ConsentGivenOn = new(2025, 2, 20);
    public static readonly DateOnly Sent = new(2025, 2, 24);
    public static readonly DateOnly Received = new(2025, 2, 26);
    public static readonly DateOnly Booked = new(2025, 3, 3);
    public static readonly DateOnly Today = new(2025, 3, 5);

    /// <summary>A booked meeting after today: booking is a plan, not a fact that already happened.</summary>
    public static readonly DateTimeOffset MeetingAt = new(2025, 3, 12, 9, 0, 0, TimeSpan.FromHours(1));

    public static NewReferral NewReferral(bool hasEmployer = false) => new(
        ReferralId: "ref-1",
        PersonId: "person-1",
        SickCaseId: "sick-1",
        SickCaseStartDate: SickCaseStart,
        BenefitTypes: [BenefitType.SicknessBenefit],
        Gender: Gender.Woman,
        FkOfficeId: "fk-office-1",
        ImpulseSource: ImpulseSource.CertifyingPhysician,
        HasEmployer: hasEmployer,
        BirthDate: new DateOnly(1980, 5, 17),
        EffectiveDate: NeedIdentified);

    public static Journey Opened(bool hasEmployer = false)
    {
        var change = Referral.Create(NewReferral(hasEmployer), Today);
        return new Journey(change.State, change.Events);
    }

    /// <summary>Drives a referral (without employer) through the commands into <paramref name="state"/>.</summary>
    public static Journey In(ReferralState state) => state switch
    {
        ReferralState.NeedIdentified => Opened(),
        ReferralState.Preparing => In(ReferralState.NeedIdentified).Then(r => r.AssessCooperationRelevance(RelevanceAssessed, Today)),
        ReferralState.AwaitingConsent => In(ReferralState.Preparing).Then(r => r.RequestConsent(ConsentRequestedOn, Today)),
        ReferralState.ReadyToSend => In(ReferralState.AwaitingConsent)
            .Then(r => r.RecordConsentDecision(ConsentGivenOn, ConsentState.Given, Channel.InPerson, Today)),
        ReferralState.Sent => In(ReferralState.ReadyToSend).Then(r => r.SendRequest(Sent, Today)),
        ReferralState.Received => In(ReferralState.Sent).Then(r => r.ReceiveRequest(Received, Today)),
        ReferralState.Converted => In(ReferralState.Received)
            .Then(r => r.BookJointAssessment(Booked, MeetingAt, "af-office-7", "af-officer-3", Today)),
        ReferralState.ConsentRefused => In(ReferralState.AwaitingConsent)
            .Then(r => r.RecordConsentDecision(ConsentGivenOn, ConsentState.Refused, Channel.Phone, Today)),
        ReferralState.Withdrawn => In(ReferralState.Preparing)
            .Then(r => r.Withdraw(Today, WithdrawalReason.ReturnedToWork, false, Channel.Unspecified, Today)),
        ReferralState.Rejected => In(ReferralState.Sent)
            .Then(r => r.RejectRequest(Today, RejectionReason.NotInTargetGroup, null, Today)),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static IEnumerable<ReferralState> AllStates =>
        Enum.GetValues<ReferralState>().Where(s => s != ReferralState.Unspecified);
}
