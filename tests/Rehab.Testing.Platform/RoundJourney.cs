using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Xunit;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

namespace Rehab.Testing.Platform;

/// <summary>Drives a referral to its booking and then its joint-assessment round through the gateway, as FK and AF officers do.</summary>
public sealed class RoundJourney(PlatformHost platform, string fkOffice = ReferralJourney.FkOffice)
{
    public ReferralJourney Referral { get; } = new(platform.Referrals, fkOffice);

    public JointAssessmentService.JointAssessmentServiceClient Client => platform.JointAssessments;

    public Metadata Fk => Referral.Fk;

    public Metadata Af => Referral.Af;

    public static readonly Participant[] Core = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];

    public static Timestamp At(int dayOffset, int hour = 10) =>
        Timestamp.FromDateTimeOffset(CivilTime.StartOfDay(ReferralJourney.Today.AddDays(dayOffset)).AddHours(hour));

    /// <summary>Books a sent (consent given) and received referral on <paramref name="bookedOffset"/> (days from today; received at -7).</summary>
    public async Task<Contracts.Referral.V1.Referral> BookAsync(int bookedOffset, Contracts.Referral.V1.Referral? sent = null)
    {
        var received = await Referral.ReceiveAsync(sent ?? await Referral.ToSentAsync());
        var booking = Referral.Booking(received);
        booking.EffectiveDate = ReferralJourney.Day(bookedOffset);
        return await platform.Referrals.BookJointAssessmentAsync(booking, Af);
    }

    /// <summary>The round opened from the referral's booking, once the booking event has been consumed.</summary>
    public async Task<Round> RoundOfAsync(string referralId)
    {
        Round? round = null;
        Assert.True(await Eventually.TrueAsync(async () => (round = await FindAsync(referralId)) is not null, TimeSpan.FromSeconds(15)),
            $"no joint-assessment round was opened for referral {referralId}");
        return round!;
    }

    public async Task<IReadOnlyList<Round>> RoundsOfAsync(string referralId) =>
        (await Client.ListJointAssessmentsAsync(new ListJointAssessmentsRequest { ReferralId = referralId, PageSize = 500 }, Af)).JointAssessments;

    private async Task<Round?> FindAsync(string referralId) => (await RoundsOfAsync(referralId)).SingleOrDefault();

    public async Task<Round> HoldAsync(Round r, string meetingId, int dayOffset) =>
        await Client.RecordMeetingHeldAsync(Held(r, meetingId, dayOffset), Af);

    public static RecordMeetingHeldRequest Held(Round r, string meetingId, int dayOffset)
    {
        var request = new RecordMeetingHeldRequest
        {
            JointAssessmentId = r.JointAssessmentId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(dayOffset), MeetingId = meetingId,
            Mode = MeetingMode.Physical,
        };
        request.Participants.AddRange(Core);
        return request;
    }

    public async Task<Round> AssessAsync(Round r, int dayOffset, double hours)
    {
        r = await Client.RecordLabourMarketAssessmentAsync(new RecordLabourMarketAssessmentRequest
        {
            JointAssessmentId = r.JointAssessmentId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(dayOffset),
            IllnessImpact = "Fatigue limits full days", AdaptationNeeds = "Start part-time, quiet workplace",
        }, Af);
        return await Client.AssessActivityLevelAsync(new AssessActivityLevelRequest
        {
            JointAssessmentId = r.JointAssessmentId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(dayOffset), HoursPerWeek = hours,
            Stability = Stability.Stable,
        }, Fk);
    }

    public static EstablishPlanRequest Plan(Round r, int dayOffset, FirstOrientation orientation)
    {
        var request = new EstablishPlanRequest
        {
            JointAssessmentId = r.JointAssessmentId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(dayOffset), FirstOrientation = orientation,
        };
        var goal = new Goal { Description = "Work 50 % in logistics" };
        goal.SubGoals.Add("Work training 10 h/week at an employer");
        request.Goals.Add(goal);
        return request;
    }
}
