using System.Text.Json;
using System.Text.Json.Nodes;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.TransitionMeetings.Domain;
using Xunit;

namespace Rehab.TransitionMeetings.Tests.Domain;

/// <summary>
/// Two facts of one person handled concurrently (several replicas, or Dapr's concurrent delivery): each handler joins the
/// person's meetings with the projection snapshot it got, and the older snapshot may land last. The meeting keeps the newer.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class ConcurrentFactsJoinTests
{
    private static readonly DateOnly HeldOn = new(2025, 6, 10);
    private static readonly DecisionFact Refusal = Facts.Refusal(BenefitType.SicknessBenefit, new DateOnly(2025, 6, 12), new DateOnly(2025, 5, 31));

    private static Meeting Held() =>
        MeetingJourney.OfferedTransitionMeeting(HeldOn.AddDays(-5))
            .RecordHeld(HeldOn, MeetingMode.Physical, MeetingJourney.Core, "af-office-1", Facts.Of(), 1, TransitionRules.Default, MeetingJourney.Today).State;

    /// <summary>
    /// Replica A observes the refusal (snapshot {refusal}, version 2); replica B observes the registration (snapshot
    /// {refusal, registration}, version 3) and joins first; A's join, with its older snapshot, lands last.
    /// </summary>
    [Fact]
    public void A_join_with_an_older_facts_snapshot_after_a_newer_one_keeps_the_registration_after_the_meeting()
    {
        var snapshotA = Facts.Of(Refusal);
        var snapshotB = Facts.Of(Refusal, Facts.Registration(new DateOnly(2025, 6, 20)));

        var joinedByB = Held().ObserveFacts(snapshotB, 3, TransitionRules.Default).State;
        Assert.True(joinedByB.Registration!.RegisteredAfterMeeting);

        var thenA = joinedByB.ObserveFacts(snapshotA, 2, TransitionRules.Default);

        Assert.Empty(thenA.Events);
        Assert.True(thenA.State.Registration?.RegisteredAfterMeeting, "the stale snapshot undid the registration after the meeting");
        Assert.Equal(new DateOnly(2025, 6, 12), thenA.State.Refusal?.DecisionDate);
    }

    [Fact]
    public void A_newer_snapshot_still_corrects_what_an_older_one_joined()
    {
        var registered = Held().ObserveFacts(Facts.Of(Refusal, Facts.Registration(new DateOnly(2025, 6, 20))), 3, TransitionRules.Default).State;

        // AF corrects the spell: the person registered before the meeting.
        var corrected = Facts.Of(Refusal, Facts.Registration(new DateOnly(2025, 6, 20)), Facts.Registration(new DateOnly(2025, 6, 1), revision: 1));
        var joined = registered.ObserveFacts(corrected, 4, TransitionRules.Default).State;

        Assert.False(joined.Registration!.RegisteredAfterMeeting);
        Assert.Equal(4, joined.FactsVersion);
    }

    /// <summary>A meeting stored before meetings remembered their facts version reads as version 0: every snapshot is newer.</summary>
    [Fact]
    public void A_meeting_stored_without_a_facts_version_is_joined_with_any_snapshot()
    {
        var json = new AggregateDefinition<Meeting>("transition", "transition meeting", "transition-meetings", "transition").Json;
        var stored = JsonNode.Parse(JsonSerializer.Serialize(Held(), json))!.AsObject();
        Assert.True(stored.Remove("factsVersion"));
        var old = stored.Deserialize<Meeting>(json)!;

        var joined = old.ObserveFacts(Facts.Of(Refusal, Facts.Registration(new DateOnly(2025, 6, 20))), 1, TransitionRules.Default).State;

        Assert.Equal(0, old.FactsVersion);
        Assert.True(joined.Registration!.RegisteredAfterMeeting);
        Assert.Equal(1, joined.FactsVersion);
    }
}
