using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Person.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Facts.Tests.EndToEnd;

/// <summary>
/// Issue 4 through the gateway: the agencies' import (role System) lands facts idempotently and per record, publishes one event
/// per revision exactly once, and officers of an office where the person has a case read the facts as of an instant, audited.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class FactsThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;
    private static Metadata Importer => PlatformHost.As(DevTokens.ForRole(Role.System), "agency facts import");
    private static readonly DateTimeOffset Recorded = DateTimeOffset.UtcNow.AddDays(-20);

    private static Google.Type.Date Day(int offset) => ReferralJourney.Day(offset);

    private static FactRecord Record(string id, PersonReference person, int effective, DateTimeOffset recordedAt) => new()
    {
        RecordId = id, Person = person, EffectiveDate = Day(effective), RecordedAt = Timestamp.FromDateTimeOffset(recordedAt),
    };

    private static PersonReference ById(string personId) => new() { PersonId = personId };

    private static PersonReference ByNumber(string number) => new() { IdentityNumber = number };

    /// <summary>A sick case, a sickness-benefit period, a refusal with its last benefit day and an AF registration spell.</summary>
    private static ImportFactsRequest Batch(PersonReference person, string afOffice, string tag)
    {
        var request = new ImportFactsRequest { BatchId = "batch-" + tag, SourceSystem = "fk-mica" };
        var sick = Record("sc-" + tag, person, -200, Recorded);
        sick.SickCase = new SickCase { SickCaseId = "SC-" + tag, StartDate = Day(-200), RehabChainDay = 180, ChainDayDate = Day(-21) };
        var period = Record("bp-" + tag, person, -200, Recorded);
        period.BenefitPeriod = new BenefitPeriod
        {
            BenefitPeriodId = "BP-" + tag, BenefitType = BenefitType.SicknessBenefit, StartDate = Day(-200), EndDate = Day(-20), SickCaseId = "SC-" + tag,
        };
        var refusal = Record("bd-" + tag, person, -21, Recorded.AddHours(1));
        refusal.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = "BD-" + tag, Kind = DecisionKind.Refusal, DecisionDate = Day(-21), BenefitType = BenefitType.SicknessBenefit,
            RehabChainDay = 180, LastBenefitDay = Day(-20), EmploymentStatus = EmploymentStatus.Unemployed, SickCaseId = "SC-" + tag,
        };
        var spell = Record("rs-" + tag, person, -10, Recorded.AddHours(2));
        spell.SourceSystem = "af-midas";
        spell.RegistrationSpell = new AfRegistrationSpell
        {
            RegistrationSpellId = "RS-" + tag, RegistrationDate = Day(-10), SkatCode = "11", RegistrationStatus = RegistrationStatus.InCooperation,
            AfOfficeId = afOffice,
        };
        request.Records.Add([sick, period, refusal, spell]);
        return request;
    }

    private async Task<(string PersonId, string Number)> NewPersonAsync()
    {
        var number = ReferralJourney.NewIdentityNumber();
        var person = await new PersonRegistryService.PersonRegistryServiceClient(Platform.Gateway)
            .EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = number }, PlatformHost.As(DevTokens.FkOfficer()));
        return (person.PersonId, number);
    }

    [Fact]
    public async Task A_system_import_lands_and_an_officer_of_the_persons_office_reads_it_audited()
    {
        var journey = new ReferralJourney(Platform.Referrals);
        var number = ReferralJourney.NewIdentityNumber();
        var referral = await journey.CreateAsync(journey.NewRequest(number));     // FK office fk-office-1
        var batch = Batch(ByNumber(number), "af-office-77", Guid.NewGuid().ToString("N")[..8]);

        var imported = await Platform.Facts.ImportFactsAsync(batch, Importer);

        Assert.Equal((4, 0), (imported.Recorded, imported.Rejected));
        var fk = PlatformHost.As(DevTokens.FkOfficer("fk-office-1"));
        var request = new GetPersonFactsRequest { PersonId = referral.PersonId };
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try { return (await Platform.Facts.GetPersonFactsAsync(request, fk)).SickCases.Count == 1; }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied) { return false; }
        }, TimeSpan.FromSeconds(15)), "the FK office of the person's referral may read the facts");

        var facts = await Platform.Facts.GetPersonFactsAsync(request, PlatformHost.As(DevTokens.AfOfficer("af-office-77")));
        Assert.Equal(180, facts.SickCases.Single().SickCase.RehabChainDay);
        Assert.Equal(Day(-20), facts.BenefitDecisions.Single().BenefitDecision.LastBenefitDay);
        Assert.Equal(Day(-10), facts.RegistrationSpells.Single().RegistrationSpell.RegistrationDate);
        Assert.All(facts.SickCases.Concat(facts.BenefitDecisions), r => Assert.Null(r.Person));
        Assert.Equal(referral.PersonId, facts.BenefitPeriods.Single().PersonId);
        await Platform.Facts.GetPersonFactsAsync(request, PlatformHost.As(DevTokens.ForRole(Role.DataProtectionOfficer)));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "office",
            () => Platform.Facts.GetPersonFactsAsync(request, PlatformHost.As(DevTokens.AfOfficer("af-office-2"))).ResponseAsync);

        var entries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("facts").ReadAllAsync()) entries.Add(record.Entry);
        Assert.Contains(entries, e => e.Action == AuditAction.Change && e.UserId == "fk-import" && e.Role == Role.System);
        Assert.Contains(entries, e => e.Action == AuditAction.Read && e.UserId == "fk-officer-1");
        Assert.Contains(entries, e => e.Action == AuditAction.Read && e.UserId == "dpo-1");
        Assert.DoesNotContain(entries, e => e.RecordId.Contains(number[2..8], StringComparison.Ordinal));
        Assert.True((await Platform.AuditOf("facts").VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task The_deciding_FK_office_reads_the_facts_of_a_person_with_no_referral_or_registration()
    {
        var (personId, _) = await NewPersonAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var refusal = Record("bd-" + tag, ById(personId), -21, Recorded);
        refusal.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = "BD-" + tag, Kind = DecisionKind.Refusal, DecisionDate = Day(-21), BenefitType = BenefitType.SicknessBenefit,
            LastBenefitDay = Day(-20), EmploymentStatus = EmploymentStatus.Unemployed, FkOfficeId = "fk-office-9",
        };
        var batch = new ImportFactsRequest { BatchId = "batch-" + tag, SourceSystem = "fk-mica" };
        batch.Records.Add(refusal);

        Assert.Equal(1, (await Platform.Facts.ImportFactsAsync(batch, Importer)).Recorded);

        var request = new GetPersonFactsRequest { PersonId = personId };
        var facts = await Platform.Facts.GetPersonFactsAsync(request, PlatformHost.As(DevTokens.FkOfficer("fk-office-9")));
        Assert.Equal("fk-office-9", facts.BenefitDecisions.Single().BenefitDecision.FkOfficeId);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "office",
            () => Platform.Facts.GetPersonFactsAsync(request, PlatformHost.As(DevTokens.FkOfficer("fk-office-1"))).ResponseAsync);
    }

    [Theory]
    [InlineData(Role.FkCaseOfficer)]
    [InlineData(Role.AfEmploymentOfficer)]
    [InlineData(Role.DataProtectionOfficer)]
    public async Task Only_a_system_may_import(Role role)
    {
        var (personId, _) = await NewPersonAsync();

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => Platform.Facts.ImportFactsAsync(Batch(ById(personId), "af-office-1", "denied"), PlatformHost.As(DevTokens.ForRole(role))).ResponseAsync);
    }

    [Fact]
    public async Task Resending_a_batch_in_any_order_changes_nothing_and_every_revision_is_published_exactly_once()
    {
        var (personId, number) = await NewPersonAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var batch = Batch(ById(personId), "af-office-1", tag);
        var correction = batch.Records[0].Clone();
        correction.RecordedAt = Timestamp.FromDateTimeOffset(Recorded.AddDays(3));
        correction.SickCase.RehabChainDay = 183;
        correction.Person = ByNumber(number);
        batch.Records.Add(correction);

        var first = await Platform.Facts.ImportFactsAsync(batch, Importer);
        var shuffled = new ImportFactsRequest { BatchId = batch.BatchId, SourceSystem = batch.SourceSystem };
        shuffled.Records.Add(batch.Records.Reverse());
        var again = await Platform.Facts.ImportFactsAsync(shuffled, Importer);
        var twice = await Platform.Facts.ImportFactsAsync(batch, Importer);

        Assert.Equal((4, 1), (first.Recorded, first.Corrected));
        Assert.Equal((5, 5), (again.Unchanged, twice.Unchanged));
        Assert.True(await Eventually.TrueAsync(() => EventsOf(personId).Count >= 5, TimeSpan.FromSeconds(15)));
        await Task.Delay(300);
        var events = EventsOf(personId);
        Assert.Equal(5, events.Count);
        Assert.Equal(5, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(2, events.Count(e => e.Type == SickCaseRecorded.Descriptor.FullName));
        Assert.All(events, e => Assert.DoesNotContain(number[2..8], e.DataJson, StringComparison.Ordinal));
        var refusal = events.Single(e => e.Type == BenefitDecisionRecorded.Descriptor.FullName);
        Assert.Equal(CloudEventDate(Day(-21)), refusal.EffectiveAt);
        Assert.Equal(Day(-20), refusal.Unpack<BenefitDecisionRecorded>().Record.BenefitDecision.LastBenefitDay);
    }

    [Fact]
    public async Task Bad_records_are_rejected_with_their_fields_while_the_rest_of_the_batch_lands()
    {
        var (personId, _) = await NewPersonAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var batch = Batch(ById(personId), "af-office-1", tag);
        var unknown = Batch(ById("0196a7c4-2f1e-7abc-9def-0123456789ab"), "af-office-1", tag + "u").Records[0];
        var badNumber = Batch(ByNumber("19121212-1213"), "af-office-1", tag + "n").Records[0];
        var noLastDay = Batch(ById(personId), "af-office-1", tag + "r").Records[2];
        noLastDay.BenefitDecision.LastBenefitDay = null;
        var overlapping = Batch(ById(personId), "af-office-1", tag + "o").Records[3];
        overlapping.RegistrationSpell.RegistrationDate = Day(-5);
        overlapping.EffectiveDate = Day(-5);
        batch.Records.Add([unknown, badNumber, noLastDay, overlapping]);

        var result = await Platform.Facts.ImportFactsAsync(batch, Importer);

        Assert.Equal((4, 4), (result.Recorded, result.Rejected));
        Assert.Equal(
            ["person.person_id", "person.identity_number", "benefit_decision.last_benefit_day", "registration_spell.registration_date"],
            result.Results.Skip(4).Select(r => r.Violations.Single().Field));
        Assert.Contains("unknown person", result.Results[4].Violations[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fact_recorded_late_is_visible_as_of_now_and_invisible_as_of_the_earlier_report_date()
    {
        var (personId, _) = await NewPersonAsync();
        var batch = Batch(ById(personId), "af-office-5", Guid.NewGuid().ToString("N")[..8]);
        var late = batch.Records[2];
        late.RecordedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1));
        await Platform.Facts.ImportFactsAsync(batch, Importer);
        var af = PlatformHost.As(DevTokens.AfOfficer("af-office-5"));

        var now = await Platform.Facts.GetPersonFactsAsync(new GetPersonFactsRequest { PersonId = personId }, af);
        var report = await Platform.Facts.GetPersonFactsAsync(new GetPersonFactsRequest
        {
            PersonId = personId, AsOf = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-5)),
        }, af);

        Assert.Single(now.BenefitDecisions);
        Assert.Empty(report.BenefitDecisions);
        Assert.Single(report.SickCases);
    }

    private List<BuildingBlocks.Messaging.CloudEvent> EventsOf(string personId) =>
        Platform.FactsEvents.Delivered.Where(e => e.PersonId == personId).ToList();

    private static string CloudEventDate(Google.Type.Date d) => d.ToDateOnly("d").ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
