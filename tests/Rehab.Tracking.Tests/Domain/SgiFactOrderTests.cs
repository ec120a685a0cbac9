using Rehab.BuildingBlocks.Domain;
using Rehab.Tracking.Domain;
using Xunit;

namespace Rehab.Tracking.Tests.Domain;

/// <summary>Facts are bitemporal and may arrive in any order or twice: the SGI state comes out the same (DOMAIN §9.6, D10).</summary>
[Trait("Tier", "Fast")]
public sealed class SgiFactOrderTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly SgiRules Rules = SgiRules.Default;

    private static readonly ISgiFact[] Facts =
    [
        new BenefitDecisionFact("fk/d1", T0, DecisionKind.Refusal, BenefitType.SicknessBenefit, new(2025, 1, 31), new(2025, 1, 31), false),
        // A correction of the same decision, recorded later: the last benefit day moves.
        new BenefitDecisionFact("fk/d1", T0.AddDays(2), DecisionKind.Refusal, BenefitType.SicknessBenefit, new(2025, 2, 10), new(2025, 2, 10), false),
        new BenefitDecisionFact("fk/g0", T0, DecisionKind.Grant, BenefitType.SicknessBenefit, new(2024, 6, 1), null, false),
        // Registered 2025-03-04: too late for the first version's deadline (02-25), in time for the corrected one (03-07).
        new RegistrationSpellFact("af/r1", T0.AddDays(5), new(2025, 3, 4), null, "af-office-2"),
        new RegistrationSpellFact("af/r0", T0, new(2023, 1, 1), new(2023, 6, 1), "af-office-1"),
    ];

    private static SgiProtection Apply(IEnumerable<ISgiFact> facts, DateTimeOffset now) =>
        facts.Aggregate(SgiProtection.Start("p-1"), (s, f) => (f switch
        {
            BenefitDecisionFact d => s.RecordDecision(d, now, Rules),
            RegistrationSpellFact r => s.RecordRegistration(r, now, Rules),
            _ => throw new ArgumentOutOfRangeException(nameof(facts)),
        }).State);

    [Fact]
    public void Every_order_of_the_facts_and_duplicates_gives_the_same_facts_status_and_clock()
    {
        var now = new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero);
        var reference = Apply(Facts, now);
        var random = new Random(7);

        for (var i = 0; i < 200; i++)
        {
            var delivery = Facts.Concat(Facts.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();
            var state = Apply(delivery, now);

            Assert.Equal(reference.Decisions, state.Decisions);
            Assert.Equal(reference.Spells, state.Spells);
            Assert.Equal(reference.Evaluate(now, Rules), state.Evaluate(now, Rules));
            Assert.Equal((reference.AnnouncedStatus, reference.AnnouncedDeadline), (state.AnnouncedStatus, state.AnnouncedDeadline));
        }

        Assert.Equal(SgiStatus.Protected, reference.Evaluate(now, Rules).Status);
        Assert.Equal(new DateOnly(2025, 3, 7), reference.ClockOf(Rules)!.DeadlineDate);
        Assert.Equal("af-office-2", reference.OfficeId);
    }

    [Fact]
    public void A_duplicate_fact_changes_nothing_and_emits_nothing()
    {
        var state = Apply(Facts, T0.AddDays(10));
        var again = state.RecordRegistration((RegistrationSpellFact)Facts[3], T0.AddDays(10), Rules);

        Assert.Empty(again.Events);
        Assert.Same(state, again.State);
    }

    [Fact]
    public void An_older_revision_arriving_after_a_newer_one_is_ignored()
    {
        var newer = (BenefitDecisionFact)Facts[1];
        var older = (BenefitDecisionFact)Facts[0];
        var state = SgiProtection.Start("p-1").RecordDecision(newer, T0.AddDays(3), Rules).State;

        var change = state.RecordDecision(older, T0.AddDays(3), Rules);

        Assert.Empty(change.Events);
        Assert.Equal(new DateOnly(2025, 2, 10), Assert.Single(change.State.Decisions).LastBenefitDay);
    }

    [Fact]
    public void The_office_told_is_the_af_office_of_the_latest_registration_else_the_fk_office_of_the_referral()
    {
        var state = SgiProtection.Start("p-1").Assign("fk-office-4", "af-officer-1", new DateOnly(2025, 1, 1)).State;
        Assert.Equal("fk-office-4", state.OfficeId);

        state = state.RecordRegistration((RegistrationSpellFact)Facts[4], T0, Rules).State;
        Assert.Equal("af-office-1", state.OfficeId);
    }

    [Fact]
    public void Work_about_a_person_goes_to_the_AF_office_of_the_registration_else_the_referral_else_the_deciding_FK_office()
    {
        var now = new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero);
        var refused = SgiProtection.Start("p-2").RecordDecision(
            new BenefitDecisionFact("fk/d9", T0, DecisionKind.Refusal, BenefitType.SicknessBenefit, new(2025, 3, 20), new(2025, 3, 20), false, "fk-office-9"),
            now, Rules).State;
        Assert.Equal("fk-office-9", refused.OfficeId);

        var referred = refused with { FkOfficeId = "fk-office-1" };
        Assert.Equal("fk-office-1", referred.OfficeId);

        var registered = referred.RecordRegistration(new RegistrationSpellFact("af/r9", T0, new(2025, 3, 25), null, "af-office-3"), now, Rules).State;
        Assert.Equal("af-office-3", registered.OfficeId);
    }
}
