using Rehab.BuildingBlocks.Domain;
using Rehab.TransitionMeetings.Domain;
using Xunit;

namespace Rehab.TransitionMeetings.Tests.Domain;

/// <summary>
/// The history replay (issue 9's bulk path): each meeting type and path goes through the live commands and emits their events, each
/// event tagged with the step it belongs to; broken records are rejected with violations named like the record's fields.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class MeetingHistoryTests
{
    private static readonly DateOnly Opened = new(2025, 3, 3);
    private static readonly DateOnly Today = MeetingJourney.Today;
    private const long FactsVersion = 3;
    private static readonly HistoryHeld Held = new(Opened.AddDays(20), MeetingMode.Physical, MeetingJourney.Core, "af-office-1");

    private static MeetingHistory Contact(ChainDayObservation? chainDay) =>
        new("m-h", 1, Facts.Person, MeetingType.ContactMeeting, TransitionTrigger.Unspecified, BenefitType.Unspecified, Gender.Man,
            Facts.SickCase, "fk-office-1", Opened, chainDay, RiskOfNotReturningToEmployer: true, Refusal: null);

    private static MeetingHistory FkTriggered() =>
        new("m-h", 1, Facts.Person, MeetingType.TransitionMeeting, TransitionTrigger.SicknessBenefitRefusalConsidered, BenefitType.SicknessBenefit,
            Gender.Woman, Facts.SickCase, "fk-office-1", Opened, null, false, null);

    private static DecisionFact AeRefusal => Facts.Refusal(BenefitType.ActivityCompensation, Opened, Opened) with { SickCaseId = "" };

    private static MeetingHistory RefusalTriggered() =>
        new("m-h", 1, Facts.Person, MeetingType.TransitionMeeting, TransitionTrigger.ActivityCompensationRefused, BenefitType.Unspecified,
            Gender.Woman, null, "fk-office-1", null, null, false, AeRefusal);

    private static MeetingHistoryReplay Replay(MeetingHistory history, PersonFacts? facts = null, Meeting? triggered = null) =>
        Meeting.FromHistory(history, facts ?? Facts.Of(), FactsVersion, TransitionRules.Default, Today, triggered);

    /// <summary>The events the replay publishes (FactsJoined stays inside the service).</summary>
    private static string[] Types(MeetingHistoryReplay replay) => replay.Change.Events.Where(e => e is not FactsJoined).Select(e => e.GetType().Name).ToArray();

    private static FieldViolation Rejected(MeetingHistory history, PersonFacts? facts = null) =>
        Assert.Single(Assert.Throws<ValidationFailedException>(() => Replay(history, facts)).Violations);

    [Fact]
    public void A_kontaktmote_replays_on_the_chain_day_the_record_names_and_its_events_belong_to_their_steps()
    {
        var history = Contact(new ChainDayObservation(Facts.SickCase, 120, Opened)) with
        {
            OfferedDate = Opened.AddDays(2), Response = new HistoryAnswer(Response.Accepted, Channel.Phone, Opened.AddDays(5)), Held = Held,
        };

        var replay = Replay(history);

        Assert.Equal(["ContactMeetingEligibilityAssessed", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "RetainedBenefitJobSearchStarted"], Types(replay));
        Assert.Equal([MeetingHistoryStep.Opened, MeetingHistoryStep.Offered, MeetingHistoryStep.Response, MeetingHistoryStep.Held, MeetingHistoryStep.Held],
            replay.StepOfEvent);
        var meeting = replay.Change.State;
        Assert.Equal((MeetingState.Completed, 120, 122, Gender.Man), (meeting.State, meeting.ChainDayAtEligibility, meeting.ChainDayAtOffer, meeting.Gender));
        Assert.Equal(Opened.AddDays(60), meeting.JobSearch!.UntilDate);
    }

    [Fact]
    public void A_kontaktmote_without_a_chain_day_takes_the_persons_facts_and_without_one_there_is_rejected_on_chain_day()
    {
        var facts = Facts.Of(Facts.ChainDay(100, Opened));
        Assert.Equal(100, Replay(Contact(null), facts).Change.State.ChainDayAtEligibility);

        var violation = Rejected(Contact(null));
        Assert.Equal("chain_day", violation.Field);
        Assert.StartsWith(Meeting.ChainDayUnknownRule, violation.Description, StringComparison.Ordinal);
        Assert.Equal("opened_date", Rejected(Contact(new ChainDayObservation(Facts.SickCase, 60, Opened))).Field);
    }

    [Fact]
    public void An_FK_triggered_omstallningsmote_held_with_registration_support_is_joined_with_the_facts_that_count_now()
    {
        var registered = Held.HeldDate!.Value.AddDays(4);
        var facts = Facts.Of(Facts.Refusal(BenefitType.SicknessBenefit, Opened.AddDays(30), Opened.AddDays(30)), Facts.Registration(registered));
        var history = FkTriggered() with
        {
            OfferedDate = Opened.AddDays(1), Held = Held,
            RegistrationSupport = new HistoryRegistrationSupport(Held.HeldDate, "af-office-1",
                new HistoryAnswer(Response.Accepted, Channel.InPerson, Held.HeldDate.Value.AddDays(1))),
        };

        var replay = Replay(history, facts);

        Assert.Equal(
            ["TransitionMeetingTriggered", "MeetingRefusalRecorded", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "SgiInformationProvided",
             "RegistrationAfterMeetingRecorded", "AfRegistrationSupportOffered", "AfRegistrationSupportAnswered"],
            Types(replay));
        var meeting = replay.Change.State;
        Assert.Equal(MeetingState.Completed, meeting.State);
        Assert.Equal((true, registered, true), (meeting.Registration!.RegisteredAfterMeeting, meeting.Registration.RegistrationDate,
            meeting.Registration.RegisteredWithinSgiDeadline));
        Assert.True(meeting.SgiInformation!.AtMeeting);
        Assert.Equal(FactsVersion, meeting.FactsVersion);
    }

    [Fact]
    public void A_refusal_triggered_meeting_opens_as_the_facts_handler_opens_it_and_the_offer_states_office_and_gender()
    {
        var history = RefusalTriggered() with { OfferedDate = Opened.AddDays(3), Held = Held with { HeldDate = Opened.AddDays(10) } };

        var replay = Replay(history);

        var triggered = Assert.IsType<TransitionMeetingTriggered>(replay.Change.Events[0]);
        Assert.Equal((Opened, "", Gender.Unspecified), (triggered.EffectiveDate, triggered.FkOfficeId, triggered.Gender));
        var meeting = replay.Change.State;
        Assert.Equal((MeetingState.Held, "fk-office-1", Gender.Woman, BenefitType.ActivityCompensation),
            (meeting.State, meeting.FkOfficeId, meeting.Gender, meeting.BenefitType));
        Assert.Equal(Meeting.RefusalKey("fk/d-1"), meeting.UniqueKeys.Last());
        Assert.Equal("opened_date", Rejected(RefusalTriggered() with { OpenedDate = Opened.AddDays(-7) }).Field);
    }

    [Fact]
    public void A_refusal_the_facts_feed_already_triggered_is_continued_while_untouched_and_never_opened_twice()
    {
        var facts = Facts.Of(AeRefusal);
        var live = Meeting.TriggerFromRefusal("m-live", 1, Facts.Person, AeRefusal, TransitionTrigger.ActivityCompensationRefused, facts,
            FactsVersion, TransitionRules.Default).State;
        var history = RefusalTriggered() with
        {
            MeetingId = "m-live", OfferedDate = Opened.AddDays(3), Response = new HistoryAnswer(Response.Declined, Channel.Letter, Opened.AddDays(4)),
            SgiInformation = new HistoryAnswer(Response.Unspecified, Channel.Letter, Opened.AddDays(6)),
        };

        var continued = Replay(history, facts, live);

        Assert.Equal(["MeetingOffered", "MeetingDeclined", "SgiInformationProvided"], Types(continued));
        Assert.Equal(Replay(history, facts).Change.State, continued.Change.State);
        var offered = live.Offer(Opened.AddDays(1), "fk-office-2", facts, TransitionRules.Default, Today).State;
        Assert.Equal("refusal", Assert.Single(Assert.Throws<ValidationFailedException>(() => Replay(history, facts, offered)).Violations).Field);
    }

    [Fact]
    public void A_no_show_gets_the_SGI_information_outside_the_meeting()
    {
        var history = FkTriggered() with
        {
            OfferedDate = Opened.AddDays(1), NoShowDate = Opened.AddDays(9),
            SgiInformation = new HistoryAnswer(Response.Unspecified, Channel.Letter, Opened.AddDays(10)),
        };

        var replay = Replay(history);

        Assert.Equal(["TransitionMeetingTriggered", "MeetingOffered", "MeetingNoShow", "SgiInformationProvided"], Types(replay));
        Assert.Equal(MeetingHistoryStep.SgiInformation, replay.StepOfEvent[^1]);
        Assert.False(replay.Change.State.SgiInformation!.AtMeeting);
    }

    public static TheoryData<string, string> InvalidRecords => new()
    {
        { "held before the offer", "held.held_date" },
        { "held, never offered", "offered.date" },
        { "held in the future", "held.held_date" },
        { "held without the AF officer", "held.participants" },
        { "answer without a channel", "response.channel" },
        { "no risk (T3)", "risk_of_not_returning_to_employer" },
        { "AE trigger without its refusal", "refusal" },
        { "unknown gender", "gender" },
        { "SGI information for a kontaktmöte", "sgi_information.date" },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public void An_invalid_record_is_rejected_with_a_violation_named_like_its_field(string broken, string field)
    {
        var chain = new ChainDayObservation(Facts.SickCase, 120, Opened);
        var offered = FkTriggered() with { OfferedDate = Opened.AddDays(5) };
        var history = broken switch
        {
            "held before the offer" => offered with { Held = Held with { HeldDate = Opened.AddDays(4) } },
            "held, never offered" => FkTriggered() with { Held = Held },
            "held in the future" => offered with { Held = Held with { HeldDate = Today.AddDays(1) } },
            "held without the AF officer" => offered with { Held = Held with { Participants = [Participant.Individual, Participant.FkCaseOfficer] } },
            "answer without a channel" => offered with { Response = new HistoryAnswer(Response.Accepted, Channel.Unspecified, Opened.AddDays(6)) },
            "no risk (T3)" => Contact(chain) with { RiskOfNotReturningToEmployer = false },
            "AE trigger without its refusal" => RefusalTriggered() with { Refusal = null },
            "unknown gender" => offered with { Gender = (Gender)42 },
            _ => Contact(chain) with { SgiInformation = new HistoryAnswer(Response.Unspecified, Channel.Letter, Opened.AddDays(1)) },
        };

        Assert.Equal(field, Rejected(history).Field);
    }

    [Fact]
    public void A_broken_order_names_the_chronology_rule_on_the_step()
    {
        var history = FkTriggered() with
        {
            OfferedDate = Opened.AddDays(5), Response = new HistoryAnswer(Response.Accepted, Channel.Phone, Opened.AddDays(4)),
        };

        var violation = Rejected(history);

        Assert.Equal("response.date", violation.Field);
        Assert.StartsWith("chronology:", violation.Description, StringComparison.Ordinal);
    }
}
