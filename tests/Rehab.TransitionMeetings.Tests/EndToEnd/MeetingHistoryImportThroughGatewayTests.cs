using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Transition.V1;
using Rehab.Reporting.Inputs;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using ReportGender = Rehab.BuildingBlocks.Domain.Gender;
using EmploymentStatus = Rehab.Contracts.Facts.V1.EmploymentStatus;

namespace Rehab.TransitionMeetings.Tests.EndToEnd;

/// <summary>
/// The meeting history import (issue 9's bulk path) through the gateway: kontaktmöten and omställningsmöten land through the domain with
/// the live path's events and the source's recorded times, a refusal the facts feed already triggered is continued (never a second
/// meeting), a resend is UNCHANGED and emits nothing, a changed resend or a broken record is REJECTED, and reporting's fold reads
/// the imported events as it reads live ones (000 Tabell 4 and 5).
/// </summary>
[Trait("Tier", "Redis")]
public sealed class MeetingHistoryImportThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly Metadata System = PlatformHost.As(DevTokens.ForRole(Role.System));
    private static DateOnly Today => ReferralJourney.Today;
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task A_batch_lands_with_the_live_events_and_recorded_times_continues_a_triggered_refusal_and_a_resend_changes_nothing()
    {
        var journey = new TransitionJourney(Platform);
        var run = Guid.NewGuid().ToString("N")[..8];
        // The facts came first: the service has already triggered the AE refusal's meeting.
        var refused = TransitionJourney.NewPerson();
        var refusalEvent = await journey.Facts.RefusalAsync(refused, BenefitType.ActivityCompensation, Today.AddDays(-60), Today.AddDays(-60));
        var live = Assert.Single(await journey.MeetingsOfAsync(refused));
        var refusal = refusalEvent.Unpack<BenefitDecisionRecorded>().Record;

        var contact = Contact($"{run}-k", TransitionJourney.NewPerson());
        var fkTriggered = FkTriggered($"{run}-t", TransitionJourney.NewPerson());
        var ae = RefusalTriggered($"{run}-ae", refused, refusal);
        var heldBeforeOffer = FkTriggered($"{run}-bad", TransitionJourney.NewPerson());
        heldBeforeOffer.Held.HeldDate = TransitionJourney.Day(-81);
        var noPerson = Contact($"{run}-np", "");
        var request = new ImportMeetingHistoryRequest { BatchId = run, SourceSystem = "sus", Records = { contact, fkTriggered, ae, heldBeforeOffer, noPerson } };

        var response = await Platform.TransitionMeetings.ImportMeetingHistoryAsync(request, System);

        Assert.Equal((3, 0, 2), (response.Recorded, response.Unchanged, response.Rejected));
        Assert.Equal("held.held_date", response.Results[3].Violations[0].Field);
        Assert.StartsWith("chronology:", response.Results[3].Violations[0].Description, StringComparison.Ordinal);
        Assert.Equal("person_id", response.Results[4].Violations[0].Field);
        Assert.Equal(live.MeetingId, response.Results[2].MeetingId);
        var continued = Assert.Single(await journey.MeetingsOfAsync(refused));
        Assert.Equal((MeetingState.Held, Gender.Woman, ReferralJourney.FkOffice), (continued.State, continued.Gender, continued.FkOfficeId));

        Assert.Equal(["ContactMeetingEligibilityAssessed", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "RetainedBenefitJobSearchStarted"],
            await journey.StoredTypesAsync(response.Results[0].MeetingId));
        Assert.Equal(["TransitionMeetingTriggered", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "SgiInformationProvided",
            "RegistrationAfterMeetingRecorded", "AfRegistrationSupportOffered", "AfRegistrationSupportAccepted"], await journey.StoredTypesAsync(response.Results[1].MeetingId));
        Assert.Equal(["TransitionMeetingTriggered", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "SgiInformationProvided",
            "RegistrationAfterMeetingRecorded"], await journey.StoredTypesAsync(live.MeetingId));

        // The events carry the source's recorded times, and reporting's fold gives Tabell 4/5 their held-meeting rows from them.
        var rows = new List<TransitionMeetingHeldRow>();
        foreach (var (record, result) in new[] { (contact, response.Results[0]), (fkTriggered, response.Results[1]), (ae, response.Results[2]) })
        {
            var events = await journey.StoredEventsAsync(result.MeetingId);
            var held = events.Single(e => e.Type == MeetingHeld.Descriptor.FullName);
            Assert.Equal(record.Held.RecordedAt.ToDateTimeOffset(), held.Time);
            Assert.Equal(record.Offered.RecordedAt.ToDateTimeOffset(), events.Single(e => e.Type == MeetingOffered.Descriptor.FullName).Time);
            var row = Assert.Single(ContractEventFold.Fold(ContractEvent.Of(held.Id, held.Unpack<MeetingHeld>(), held.Time))
                .OfType<Rehab.Reporting.Domain.TransitionMeetingHeld>());
            rows.Add(new TransitionMeetingHeldRow(row.MeetingType.ToString(), row.BenefitType, row.Gender, row.EffectiveDate, row.RecordedAt));
        }

        Assert.Equal(
        [
            new("ContactMeeting", Rehab.BuildingBlocks.Domain.BenefitType.SicknessBenefit, ReportGender.Man, Today.AddDays(-70), contact.Held.RecordedAt.ToDateTimeOffset()),
            new("TransitionMeeting", Rehab.BuildingBlocks.Domain.BenefitType.SicknessBenefit, ReportGender.Woman, Today.AddDays(-70), fkTriggered.Held.RecordedAt.ToDateTimeOffset()),
            new("TransitionMeeting", Rehab.BuildingBlocks.Domain.BenefitType.ActivityCompensation, ReportGender.Woman, Today.AddDays(-50), ae.Held.RecordedAt.ToDateTimeOffset()),
        ], rows);

        var counts = await Task.WhenAll(response.Results.Take(3).Select(async r => (await journey.StoredEventsAsync(r.MeetingId)).Count));
        var again = await Platform.TransitionMeetings.ImportMeetingHistoryAsync(request, System);

        Assert.Equal((0, 3, 2), (again.Recorded, again.Unchanged, again.Rejected));
        Assert.Equal(response.Results.Take(3).Select(r => r.MeetingId), again.Results.Take(3).Select(r => r.MeetingId));
        Assert.Equal(counts, await Task.WhenAll(response.Results.Take(3).Select(async r => (await journey.StoredEventsAsync(r.MeetingId)).Count)));

        contact.Held.HeldDate = TransitionJourney.Day(-69);
        var changed = await Platform.TransitionMeetings.ImportMeetingHistoryAsync(
            new ImportMeetingHistoryRequest { BatchId = run + "-changed", SourceSystem = "sus", Records = { contact } }, System);
        Assert.Equal(("history_id", HistoryOutcome.Rejected), (changed.Results[0].Violations[0].Field, changed.Results[0].Outcome));
    }

    [Fact]
    public async Task A_refusal_imported_before_its_fact_arrives_is_not_triggered_a_second_time()
    {
        var journey = new TransitionJourney(Platform);
        var person = TransitionJourney.NewPerson();
        var refusal = journey.Facts.Record(person, "bd-" + Guid.NewGuid().ToString("N")[..8], Today.AddDays(-60));
        refusal.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = refusal.RecordId, Kind = DecisionKind.Refusal, DecisionDate = TransitionJourney.Day(-60),
            BenefitType = BenefitType.ActivityCompensation, LastBenefitDay = TransitionJourney.Day(-60), EmploymentStatus = EmploymentStatus.Unemployed,
        };
        var request = new ImportMeetingHistoryRequest { SourceSystem = "sus", Records = { RefusalTriggered("early-" + person, person, refusal) } };
        var imported = (await Platform.TransitionMeetings.ImportMeetingHistoryAsync(request, System)).Results[0];
        Assert.Equal(HistoryOutcome.Recorded, imported.Outcome);

        await journey.Facts.PublishAsync(new BenefitDecisionRecorded { Record = refusal }, refusal);

        var meeting = Assert.Single(await journey.MeetingsOfAsync(person));
        Assert.Equal((imported.MeetingId, MeetingState.Held), (meeting.MeetingId, meeting.State));
    }

    [Fact]
    public async Task Only_the_system_role_imports_history()
    {
        var request = new ImportMeetingHistoryRequest { SourceSystem = "sus", Records = { Contact("denied", "p-denied") } };
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            async () => await Platform.TransitionMeetings.ImportMeetingHistoryAsync(request, new TransitionJourney(Platform).Fk));
    }

    private sealed record TransitionMeetingHeldRow(
        string Type, Rehab.BuildingBlocks.Domain.BenefitType Benefit, ReportGender Gender, DateOnly Held, DateTimeOffset RecordedAt);

    private static MeetingHistoryRecord Contact(string historyId, string personId)
    {
        var record = Base(historyId, personId, MeetingType.ContactMeeting, Gender.Man, opened: -80);
        record.SickCaseId = "SC-" + historyId;
        record.RiskOfNotReturningToEmployer = true;
        record.ChainDay = new ChainDayObservation { SickCaseId = record.SickCaseId, RehabChainDay = 100, ChainDayDate = TransitionJourney.Day(-85) };
        return record;
    }

    private static MeetingHistoryRecord FkTriggered(string historyId, string personId)
    {
        var record = Base(historyId, personId, MeetingType.TransitionMeeting, Gender.Woman, opened: -80);
        record.SickCaseId = "SC-" + historyId;
        record.Trigger = TransitionTrigger.SicknessBenefitRefusalConsidered;
        record.RegistrationSupport = new MeetingHistoryRegistrationSupport
        {
            OfferedDate = TransitionJourney.Day(-70), AfOfficeId = ReferralJourney.AfOffice, OfferedRecordedAt = At(-69),
            Response = new MeetingHistoryResponse { Response = Response.Accepted, Channel = Channel.InPerson, Date = TransitionJourney.Day(-70), RecordedAt = At(-69) },
        };
        return record;
    }

    private static MeetingHistoryRecord RefusalTriggered(string historyId, string personId, FactRecord refusal)
    {
        var record = Base(historyId, personId, MeetingType.TransitionMeeting, Gender.Woman, opened: -60);
        record.OpenedDate = null;
        record.Trigger = TransitionTrigger.ActivityCompensationRefused;
        var d = refusal.BenefitDecision;
        record.Refusal = new Refusal
        {
            SourceSystem = refusal.SourceSystem, RecordId = refusal.RecordId, DecisionDate = d.DecisionDate, BenefitType = d.BenefitType,
            FirstApplication = d.FirstApplication, RehabChainDay = d.RehabChainDay, LastBenefitDay = d.LastBenefitDay, EmploymentStatus = d.EmploymentStatus,
        };
        record.Held.HeldDate = TransitionJourney.Day(-50);
        record.Held.RecordedAt = At(-49);
        return record;
    }

    private static MeetingHistoryRecord Base(string historyId, string personId, MeetingType type, Gender gender, int opened) => new()
    {
        HistoryId = historyId, PersonId = personId, MeetingType = type, Gender = gender, FkOfficeId = ReferralJourney.FkOffice,
        OpenedDate = TransitionJourney.Day(opened), OpenedRecordedAt = At(opened + 1),
        Offered = new MeetingHistoryStep { Date = TransitionJourney.Day(opened + 2), RecordedAt = At(opened + 3) },
        Held = new MeetingHistoryHeld
        {
            HeldDate = TransitionJourney.Day(-70), Mode = MeetingMode.Physical, AfOfficeId = ReferralJourney.AfOffice, RecordedAt = At(-68),
            Participants = { Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer },
        },
    };

    private static Timestamp At(int offset) => CivilTime.StartOfDay(Today.AddDays(offset)).AddHours(15).ToProto();
}
