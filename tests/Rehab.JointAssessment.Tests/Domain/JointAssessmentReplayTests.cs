using System.Text.Json;
using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.JointAssessment.Tests.Domain;

using Rehab.JointAssessment.Domain;
using static Round;

/// <summary>The state is the fold of its events, and survives the store's JSON round trip unchanged.</summary>
[Trait("Tier", "Fast")]
public sealed class JointAssessmentReplayTests
{
    private static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> Journeys() =>
        ["opened", "informed", "agreed", "revised", "not-proceeding", "declined", "pre2023", "rescheduled", "implied", "overridden", "cancelled"];

    private static Journey Named(string name) => name switch
    {
        "opened" => Opened(consent: ConsentState.Requested).Then(r => r.RecordConsent(ConsentState.Given, FirstMeeting)),
        "informed" => Informed(),
        "agreed" => PlanAgreed(),
        "revised" => PlanAgreed().Then(r => r.RevisePlan(Today, [new Goal("New goal", [])], FirstOrientation.WorkPreparatory, Revised, Today))
            .Then(r => r.AssessActivityLevel(Today, 20, Stability.Unstable, Today)),
        "not-proceeding" => Informed().Then(r => r.DecideNotToProceed(Assessed, [NotProceedingReason.ReturnToFk], null, Today)),
        "declined" => Opened().Then(r => r.RecordDecline(Booked, false, Channel.Letter, Today)),
        "pre2023" => WithAssessment(Opened(Pre2023).Then(r => r.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Digital,
                [.. Core, Participant.Healthcare, Participant.Employer], Today)))
            .Then(r => r.EstablishPlan(Assessed, Goals, FirstOrientation.WorkPreparatory, Pre2023, Today)),
        "rescheduled" => Opened().Then(r => r.RescheduleMeeting(Booked, "m1", MeetingAt.AddDays(1), Today))
            .Then(r => r.CancelMeeting(Booked, "m1", CancellationReason.Miscommunication, Participant.AfOfficer, Today)),
        "implied" => WithAssessment(Opened().Then(r => r.RecordMeetingHeld(PlanningMeeting, "", MeetingMode.Physical,
                [.. Core, Participant.AfSpecialist], Today, MeetingType.JaPlanning, ["af-specialist-1"])))
            .Then(r => r.EstablishPlan(Today, Goals, FirstOrientation.WorkPreparatory, Revised, Today,
                [new PlannedIntervention(InterventionType.WorkTraining, FirstOrientation.WorkPreparatory, 8, 1)]))
            .Then(r => r.RevisePlan(Today, [], FirstOrientation.Unspecified, Revised, Today, [])),
        "overridden" => Opened().Then(r => r.RecordMeetingHeld(Booked.AddDays(-1), "m1", MeetingMode.Physical, Core, Today,
            chronologyOverrideReason: "Meeting held before the request was registered")),
        "cancelled" => Informed().Then(r => r.ScheduleMeeting(FirstMeeting, MeetingType.JaPlanning, PlanningAt, Today))
            .Then(r => r.Cancel(Today, RoundCancellationReason.SickCaseEnded, Participant.FkCaseOfficer, null, Today)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Journeys))]
    public void Replaying_the_events_rebuilds_the_state(string journey)
    {
        var j = Named(journey);
        Assert.Equal(j.State, JointAssessment.Replay(j.Events));
    }

    [Theory]
    [MemberData(nameof(Journeys))]
    public void The_state_survives_the_stores_json_round_trip(string journey)
    {
        var state = Named(journey).State;
        var json = JsonSerializer.Serialize(state, StoreJson);
        Assert.Equal(state, JsonSerializer.Deserialize<JointAssessment>(json, StoreJson));
    }
}
