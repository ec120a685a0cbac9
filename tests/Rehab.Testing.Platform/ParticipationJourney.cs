using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Interventions.V1;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Testing;
using Xunit;
using InterventionType = Rehab.Contracts.Common.V1.InterventionType;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;
using OccupationAfterClosure = Rehab.Contracts.Interventions.V1.OccupationAfterClosure;

namespace Rehab.Testing.Platform;

/// <summary>Drives a round to its plan (RoundJourney) and the participation it opens, through the gateway as AF, FK and providers do.</summary>
public sealed class ParticipationJourney(PlatformHost platform, string fkOffice = ReferralJourney.FkOffice)
{
    public RoundJourney Rounds { get; } = new(platform, fkOffice);

    public InterventionsService.InterventionsServiceClient Client => platform.Interventions;

    public ProviderReportingService.ProviderReportingServiceClient Providers => platform.ProviderReporting;

    public Metadata Fk => Rounds.Fk;

    public Metadata Af => Rounds.Af;

    public static Metadata Provider(string providerId) =>
        PlatformHost.As(new DevCaller("user-of-" + providerId, [Role.Provider], providerId, ProviderId: providerId));

    public static Google.Type.Date Day(int offset) => ReferralJourney.Day(offset);

    /// <summary>A round booked 5 days ago (Pre2023 in this platform), held at -4, assessed at -3, its plan agreed at -2.</summary>
    public async Task<Round> RecentPlanAsync(double activityHours = 12)
    {
        var booked = await Rounds.BookAsync(-5);
        var round = await Rounds.RoundOfAsync(booked.ReferralId);
        round = await Rounds.HoldAsync(round, "m1", -4);
        round = await Rounds.AssessAsync(round, -3, activityHours);
        return await Rounds.Client.EstablishPlanAsync(RoundJourney.Plan(round, -2, FirstOrientation.WorkPreparatory), Fk);
    }

    /// <summary>
    /// A round whose plan was agreed 88 days ago, so that the participation can close more than a calendar month back (T10). The
    /// referral's steps are dated by hand: ReferralJourney dates them in the last month.
    /// </summary>
    public async Task<Round> OldPlanAsync()
    {
        var referrals = platform.Referrals;
        var request = Rounds.Referral.NewRequest();
        request.EffectiveDate = Day(-99);
        var r = await referrals.CreateReferralAsync(request, Fk);
        r = await referrals.AssessCooperationRelevanceAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-98) }, Fk);
        r = await referrals.RequestConsentAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-96) }, Fk);
        r = await referrals.RecordConsentDecisionAsync(new()
        {
            ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-95), Decision = Contracts.Referral.V1.ConsentState.Given,
            Channel = Contracts.Common.V1.Channel.InPerson,
        }, Fk);
        r = await referrals.SendRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-94) }, Fk);
        r = await referrals.ReceiveRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-93) }, Af);
        var booking = Rounds.Referral.Booking(r);
        booking.EffectiveDate = Day(-92);
        booking.MeetingAt = RoundJourney.At(-90);
        r = await referrals.BookJointAssessmentAsync(booking, Af);

        var round = await Rounds.RoundOfAsync(r.ReferralId);
        round = await Rounds.HoldAsync(round, "m1", -90);
        round = await Rounds.AssessAsync(round, -89, 12);
        return await Rounds.Client.EstablishPlanAsync(RoundJourney.Plan(round, -88, FirstOrientation.WorkPreparatory), Fk);
    }

    /// <summary>The participation the round's plan opened, once the plan event has been consumed.</summary>
    public async Task<Participation> ParticipationOfAsync(string jointAssessmentId, Func<Participation, bool>? until = null)
    {
        Participation? found = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var page = await Client.ListParticipationsAsync(new ListParticipationsRequest { JointAssessmentId = jointAssessmentId }, Af);
            found = page.Participations.SingleOrDefault();
            return found is not null && (until is null || until(found));
        }, TimeSpan.FromSeconds(20)), $"no participation (in the expected state) for round {jointAssessmentId}");
        return found!;
    }

    public async Task<Participation> StartAsync(Participation p, int day, double insuredHours = 40) =>
        await Client.StartParticipationAsync(new StartParticipationRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = Day(day), InsuredHoursPerWeek = insuredHours,
        }, Af);

    public static DecideInterventionRequest Procured(Participation p, int day, int plannedStart, string providerId) => new()
    {
        ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = Day(day), Type = InterventionType.WorkTraining,
        Orientation = InterventionOrientation.WorkPreparatory, Regi = DeliveryRegi.Procured, ProviderId = providerId,
        NamedService = NamedService.Sta, LegalBasis = LegalBasis.Ordinance2000634, HoursPerWeek = 10, PlannedStartDate = Day(plannedStart),
        PlannedEndDate = Day(plannedStart + 90),
    };

    public static DecideInterventionRequest Own(Participation p, int day, int plannedStart, LegalBasis basis = LegalBasis.Ordinance2000634) => new()
    {
        ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = Day(day), Type = InterventionType.GuidanceConversation,
        Orientation = InterventionOrientation.WorkPreparatory, Regi = DeliveryRegi.Own, LegalBasis = basis, HoursPerWeek = 4,
        PlannedStartDate = Day(plannedStart),
    };

    public async Task<Participation> StartInterventionAsync(Participation p, string interventionId, int day) =>
        await Client.StartInterventionAsync(new StartInterventionRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = Day(day), InterventionId = interventionId,
        }, Af);

    public async Task<Participation> InitiateClosureAsync(Participation p, int day) =>
        await Client.InitiateClosureAsync(new InitiateClosureRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = Day(day),
            Initiators = { ClosureInitiator.Individual, ClosureInitiator.Af }, Channel = Contracts.Common.V1.Channel.Phone,
        }, Af);

    public static DecideClosureRequest Closure(Participation p, int day, Outcome outcome, OccupationAfterClosure occupation) => new()
    {
        ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = Day(day), Outcome = outcome,
        ClosureReasons = { ClosureReason.WorkWithSupport }, BenefitTypeAtClosure = Contracts.Common.V1.BenefitType.SicknessBenefit,
        OccupationAfterClosure = occupation, WorkCapacityHoursPerWeek = 20,
    };

    public static Timestamp At(int day) => RoundJourney.At(day);
}
