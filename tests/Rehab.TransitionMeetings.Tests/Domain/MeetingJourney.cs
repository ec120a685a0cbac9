using Rehab.BuildingBlocks.Domain;
using Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings.Tests.Domain;

internal static class MeetingJourney
{
    public static readonly Participant[] Core = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];
    public static readonly DateOnly Today = new(2025, 6, 30);

    public static Meeting TriggeredTransitionMeeting(DateOnly on, PersonFacts? facts = null) =>
        Meeting.TriggerTransitionMeeting("m-1", 1,
            new NewTransitionMeeting(Facts.Person, Facts.SickCase, "fk-office-1", Gender.Woman, on, TransitionTrigger.SicknessBenefitRefusalConsidered),
            facts ?? Facts.Of(), 1, TransitionRules.Default, on).State;

    public static Meeting OfferedTransitionMeeting(DateOnly on) =>
        TriggeredTransitionMeeting(on).Offer(on, null, Facts.Of(), TransitionRules.Default, on.AddDays(1)).State;

    public static Change<Meeting> AssessContactMeeting(DateOnly on, PersonFacts facts, bool risk = true) =>
        Meeting.AssessContactMeetingEligibility("m-1", 1,
            new NewContactMeeting(Facts.Person, Facts.SickCase, "fk-office-1", Gender.Man, on, risk, false), facts, TransitionRules.Default, Today);
}
