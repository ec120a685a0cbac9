using Rehab.BuildingBlocks.Domain;
using Rehab.Facts.Domain;
using Xunit;

namespace Rehab.Facts.Tests.Domain;

[Trait("Tier", "Fast")]
public sealed class PersonFactsTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly D = new(2025, 9, 1);

    private static DateTimeOffset At(int day) => new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero).AddDays(day);

    private static FactRevision Sick(string id, int recordedDay, int chainDay = 120) =>
        new("fk-mica", id, D, At(recordedDay), SickCase: new SickCase("SC-1", D, chainDay, D.AddDays(chainDay), null, null));

    private static FactRevision Period(string id, int recordedDay, DateOnly? end = null) =>
        new("fk-mica", id, D, At(recordedDay), BenefitPeriod: new BenefitPeriod("BP-" + id, BenefitType.SicknessBenefit, D, end, "SC-1"));

    private static FactRevision Refusal(string id, int recordedDay, DateOnly? lastDay) =>
        new("fk-mica", id, D.AddDays(150), At(recordedDay), BenefitDecision: new BenefitDecision(
            "BD-" + id, DecisionKind.Refusal, D.AddDays(150), BenefitType.SicknessBenefit, false, 181, lastDay, EmploymentStatus.Unemployed, "SC-1", false));

    private static FactRevision Spell(string id, int recordedDay, DateOnly from, DateOnly? to = null) =>
        new("af-midas", id, from, At(recordedDay), RegistrationSpell: new RegistrationSpell(
            "RS-" + id, from, "11", RegistrationStatus.InCooperation, to, to is null ? DeregistrationReason.Unspecified : DeregistrationReason.UnsubsidisedWork, "af-office-1"));

    private static ImportResult Import(PersonFacts state, params FactRevision[] records) => state.Import(records, Today, Now);

    private static IEnumerable<string> EventIds(ImportResult r) => r.Change.Events.Cast<FactRevisionRecorded>().Select(e => e.EventId);

    [Fact]
    public void The_same_batch_twice_changes_nothing_the_second_time_and_publishes_nothing()
    {
        FactRevision[] batch = [Sick("s1", 0), Period("p1", 0), Refusal("r1", 1, D.AddDays(160)), Spell("a1", 2, D.AddDays(170))];
        var first = Import(PersonFacts.Empty("person-1"), batch);

        var second = Import(first.Change.State, batch);

        Assert.All(first.Decisions, d => Assert.Equal(RecordOutcome.Recorded, d.Outcome));
        Assert.All(second.Decisions, d => Assert.Equal(RecordOutcome.Unchanged, d.Outcome));
        Assert.Empty(second.Change.Events);
        Assert.Equal(first.Change.State.Revisions, second.Change.State.Revisions);
    }

    [Fact]
    public void A_shuffled_batch_gives_the_same_state_and_the_same_events_as_the_ordered_one()
    {
        FactRevision[] batch =
        [
            Sick("s1", 0, chainDay: 90), Sick("s1", 5, chainDay: 95), Period("p1", 0), Period("p1", 30, end: D.AddDays(160)),
            Refusal("r1", 31, D.AddDays(160)), Spell("a1", 40, D.AddDays(160), D.AddDays(170)), Spell("a2", 41, D.AddDays(170)),
        ];
        var ordered = Import(PersonFacts.Empty("person-1"), batch);

        var shuffled = Import(PersonFacts.Empty("person-1"), batch.Reverse().ToArray());
        var split = Import(Import(PersonFacts.Empty("person-1"), batch[4..]).Change.State, batch[..4]);

        Assert.Equal(ordered.Change.State.Revisions, shuffled.Change.State.Revisions);
        Assert.Equal(ordered.Change.State.Revisions, split.Change.State.Revisions);
        Assert.Equal(EventIds(ordered).Order(), EventIds(shuffled).Order());
        Assert.Equal(7, EventIds(ordered).Distinct().Count());
        Assert.Equal(ordered.Change.Events.ToHashSet(), shuffled.Change.Events.ToHashSet());
    }

    [Fact]
    public void A_correction_is_a_new_revision_and_the_first_one_stays_in_the_history()
    {
        var first = Import(PersonFacts.Empty("p"), Sick("s1", 0, chainDay: 90));

        var corrected = Import(first.Change.State, Sick("s1", 3, chainDay: 97));

        Assert.Equal(RecordOutcome.Corrected, Assert.Single(corrected.Decisions).Outcome);
        var current = Assert.Single(corrected.Change.State.AsOf(Now, includeHistory: false));
        Assert.Equal(97, current.SickCase!.RehabChainDay);
        Assert.Equal(2, corrected.Change.State.AsOf(Now, includeHistory: true).Count);
        Assert.NotEqual(EventIds(first).Single(), EventIds(corrected).Single());
    }

    [Fact]
    public void A_late_fact_is_visible_as_of_now_and_invisible_as_of_an_earlier_report_date()
    {
        var reportDate = At(10);
        var state = Import(PersonFacts.Empty("p"), Sick("s1", 0)).Change.State;

        state = Import(state, Refusal("r1", 20, D.AddDays(160))).Change.State;

        Assert.Contains(state.AsOf(Now, false), r => r.BenefitDecision is not null);
        Assert.DoesNotContain(state.AsOf(reportDate, false), r => r.BenefitDecision is not null);
        Assert.Single(state.AsOf(reportDate, false));
    }

    [Fact]
    public void Invalid_records_are_rejected_one_by_one_with_their_fields_while_the_rest_lands()
    {
        var state = Import(PersonFacts.Empty("p"), Spell("a1", 0, D, D.AddDays(30))).Change.State;

        var result = Import(state,
            Period("ok", 1),
            Period("backwards", 1, end: D.AddDays(-1)),
            Refusal("no-last-day", 1, lastDay: null),
            Spell("overlaps", 1, D.AddDays(10)),
            Spell("after", 1, D.AddDays(30)));

        Assert.Equal(
            [RecordOutcome.Recorded, RecordOutcome.Rejected, RecordOutcome.Rejected, RecordOutcome.Rejected, RecordOutcome.Recorded],
            result.Decisions.Select(d => d.Outcome));
        Assert.Equal("benefit_period.end_date", result.Decisions[1].Violations.Single().Field);
        Assert.Equal("benefit_decision.last_benefit_day", result.Decisions[2].Violations.Single().Field);
        Assert.Equal("registration_spell.registration_date", result.Decisions[3].Violations.Single().Field);
        Assert.Contains("RS-a1", result.Decisions[3].Violations.Single().Description, StringComparison.Ordinal);
        Assert.Equal(2, result.Change.Events.Count);
    }

    [Fact]
    public void A_revision_with_an_instant_already_used_for_other_content_is_rejected_not_overwritten()
    {
        var state = Import(PersonFacts.Empty("p"), Sick("s1", 0, chainDay: 90)).Change.State;

        var result = Import(state, Sick("s1", 0, chainDay: 91));

        Assert.Equal("recorded_at", Assert.Single(result.Decisions).Violations.Single().Field);
        Assert.Equal(90, Assert.Single(result.Change.State.Revisions).SickCase!.RehabChainDay);
    }

    [Fact]
    public void Missing_and_future_fields_are_named_like_the_record_fields()
    {
        var record = new FactRevision("", "", Today.AddDays(1), Now.AddHours(1),
            SickCase: new SickCase("", null, 5, null, null, null));

        var fields = record.Validate(Today, Now).Select(v => v.Field).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "record_id", "source_system", "effective_date", "recorded_at", "sick_case.sick_case_id", "sick_case.start_date",
            "sick_case.chain_day_date",
        }, fields);
    }

    [Fact]
    public void A_revision_event_id_is_the_same_whenever_it_is_derived_and_differs_per_revision()
    {
        var id = Sick("s1", 0).EventId;

        Assert.Equal(id, Sick("s1", 0, chainDay: 1).EventId);
        Assert.NotEqual(id, Sick("s1", 1).EventId);
        Assert.NotEqual(id, Sick("s2", 0).EventId);
        Assert.Equal(8, Guid.Parse(id).Version);
    }

    [Fact]
    public void Office_links_are_kept_once_and_spells_add_their_af_office()
    {
        var state = PersonFacts.Empty("p").LinkCaseOffice("fk-office-1", D).State;

        var again = state.LinkCaseOffice("fk-office-1", D);
        state = Import(state, Spell("a1", 0, D)).Change.State;

        Assert.Empty(again.Events);
        Assert.Equal(["fk-office-1", "af-office-1"], state.Offices);
    }
}
