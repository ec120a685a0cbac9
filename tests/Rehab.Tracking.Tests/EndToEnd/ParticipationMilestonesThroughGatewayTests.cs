using System.Globalization;
using Grpc.Core;
using Rehab.Contracts.Interventions.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Tracking.Tests.EndToEnd;

/// <summary>
/// Interventions' events on the case timeline (the participation linked by ParticipationPlanned): participation started, first
/// intervention started and participation closed, and LT6–LT10 from them, checked against a brute-force recomputation of the
/// journeys' own dates; the follow-ups still open queue up for the office, overdue first (D17). The cases belong to an FK office
/// of this test alone, so the office's statistics rows and queue are exactly them.
/// </summary>
public sealed partial class TrackingThroughGatewayTests
{
    // Days from today of the steps OldPlanAsync dates: assessed, requested, first meeting held.
    private const int Assessed = -98, Requested = -94, Held = -90;

    [Fact]
    public async Task Participation_milestones_reach_the_timeline_LT6_to_LT10_equal_a_brute_force_recomputation_and_open_follow_ups_queue_up()
    {
        var office = "fk-office-lt-" + Guid.NewGuid().ToString("N")[..8];
        var journey = new ParticipationJourney(Platform, office);
        // (started, first intervention started, closed or null) per case.
        // Follow-ups fall due 42 days after the start: the closed ones end theirs, -86's is overdue, -40's due in two days.
        (int Started, int Intervention, int? Closed)[] plans = [(-85, -83, -40), (-80, -70, -20), (-86, -86, null), (-40, -38, null)];
        var referrals = new List<string>();
        var participations = new List<string>();
        foreach (var (started, intervention, closed) in plans)
        {
            var round = await journey.OldPlanAsync();
            var p = await journey.StartAsync(await journey.ParticipationOfAsync(round.JointAssessmentId), started);
            p = await journey.Client.DecideInterventionAsync(ParticipationJourney.Own(p, started, intervention), journey.Af);
            p = await journey.StartInterventionAsync(p, "i1", intervention);
            if (closed is { } end)
            {
                p = await journey.Client.EndInterventionAsync(new EndInterventionRequest
                {
                    ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ReferralJourney.Day(end - 10), InterventionId = "i1",
                    EndReason = InterventionEndReason.Completed,
                }, journey.Af);
                p = await journey.InitiateClosureAsync(p, end - 5);
                await journey.Client.DecideClosureAsync(
                    ParticipationJourney.Closure(p, end, Outcome.WorkCapacityAchieved, OccupationAfterClosure.EmploymentSubsidised), journey.Fk);
            }

            referrals.Add(round.ReferralId);
            participations.Add(p.ParticipationId);
        }

        var timelines = new List<CaseTimeline>();
        for (var i = 0; i < plans.Length; i++)
        {
            var last = plans[i].Closed is null ? Milestone.FirstInterventionStarted : Milestone.ParticipationClosed;
            timelines.Add(await TimelineAsync(referrals[i], t => t.Milestones.Any(m => m.Milestone == last), journey.Rounds.Fk));
        }

        var first = timelines[0];
        Assert.Equal([(Milestone.ParticipationStarted, -85), (Milestone.FirstInterventionStarted, -83), (Milestone.ParticipationClosed, -40)],
            first.Milestones.Where(m => m.Milestone >= Milestone.ParticipationStarted && m.Milestone <= Milestone.ParticipationClosed)
                .Select(m => (m.Milestone, Offset(m.EffectiveDate))));
        Assert.Equal([("LT6", 7), ("LT7", 15), ("LT8", 50), ("LT9", 54), ("LT10", 45)],
            first.LeadTimes.Where(l => l.LeadTimeId is "LT6" or "LT7" or "LT8" or "LT9" or "LT10").Select(l => (l.LeadTimeId, l.Days)));

        // Brute force from the journeys' own day offsets: (lead time, end offset, days) per case, then per year of the end date.
        var samples = plans.SelectMany(c => new (string Id, int From, int? To)[]
        {
            ("LT6", Held, c.Intervention), ("LT7", Assessed, c.Intervention), ("LT8", Held, c.Closed), ("LT9", Requested, c.Closed),
            ("LT10", c.Started, c.Closed),
        }).Where(s => s.To is not null).Select(s => (s.Id, Year: ReferralJourney.Today.AddDays(s.To!.Value).Year, Days: s.To!.Value - s.From));
        var expected = samples.GroupBy(s => (s.Id, s.Year)).Select(g =>
        {
            var sorted = g.Select(s => s.Days).Order().ToArray();
            int Rank(double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
            return (g.Key.Id, Period: g.Key.Year.ToString(CultureInfo.InvariantCulture), sorted.Length, sorted.Average(), Rank(0.5), Rank(0.9));
        }).OrderBy(r => r.Id.Length).ThenBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.Period, StringComparer.Ordinal).ToList();

        var statistics = await Tracking.GetLeadTimeStatisticsAsync(new GetLeadTimeStatisticsRequest
        {
            LeadTimeIds = { "LT6", "LT7", "LT8", "LT9", "LT10" }, Breakdown = { Dimension.Office },
        }, Analyst);
        var actual = statistics.Rows.Where(r => r.OfficeId == office)
            .Select(r => (Id: r.LeadTimeId, r.Period, r.Count, r.MeanDays, r.MedianDays, r.P90Days))
            .OrderBy(r => r.Id.Length).ThenBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.Period, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    
        // The work queue: the office's open follow-ups, nearest due first; the closed participations' follow-ups are gone.
        ListFollowUpsDueResponse queue = new();
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            queue = await Tracking.ListFollowUpsDueAsync(new ListFollowUpsDueRequest { OfficeId = office }, journey.Rounds.Fk);
            return queue.FollowUps.Count == 2 && queue.FollowUps[0].Status == FollowUpStatus.Overdue;
        }, Delivery), $"the follow-up queue did not settle: {queue}");
        Assert.Equal(
            [(participations[2], referrals[2], -44, FollowUpStatus.Overdue, "af-officer-1"), (participations[3], referrals[3], 2, FollowUpStatus.Due, "af-officer-1")],
            queue.FollowUps.Select(f => (f.ParticipationId, f.ReferralId, f.DaysLeft, f.Status, f.AfOfficerId)));
        Assert.All(queue.FollowUps, f => Assert.Equal((ReferralJourney.AfOffice, office), (f.AfOfficeId, f.FkOfficeId)));
        var elsewhere = await Tracking.ListFollowUpsDueAsync(new ListFollowUpsDueRequest(), PlatformHost.As(DevTokens.FkOfficer("fk-office-elsewhere")));
        Assert.DoesNotContain(elsewhere.FollowUps, f => participations.Contains(f.ParticipationId));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () =>
            Tracking.ListFollowUpsDueAsync(new ListFollowUpsDueRequest { OfficeId = office }, Fk).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () => Tracking.ListFollowUpsDueAsync(new ListFollowUpsDueRequest(), Analyst).ResponseAsync);
    }
}
