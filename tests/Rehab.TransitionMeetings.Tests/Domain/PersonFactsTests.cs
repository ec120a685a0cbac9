using Rehab.BuildingBlocks.Domain;
using Rehab.TransitionMeetings.Domain;
using Xunit;

namespace Rehab.TransitionMeetings.Tests.Domain;

/// <summary>The facts projection is bitemporal, order-independent and idempotent by content.</summary>
[Trait("Tier", "Fast")]
public sealed class PersonFactsTests
{
    [Fact]
    public void The_revision_with_the_latest_recorded_time_counts_whatever_the_order_of_arrival()
    {
        IFactRevision[] revisions =
        [
            Facts.ChainDay(90, new DateOnly(2025, 3, 1), revision: 0),
            Facts.ChainDay(100, new DateOnly(2025, 3, 1), revision: 2),
            Facts.ChainDay(95, new DateOnly(2025, 3, 1), revision: 1),
            Facts.Refusal(BenefitType.SicknessBenefit, new DateOnly(2025, 3, 1), new DateOnly(2025, 2, 28)),
            Facts.Registration(new DateOnly(2025, 3, 10)),
        ];
        var inOrder = Facts.Of(revisions);
        var reversed = Facts.Of(revisions.Reverse().ToArray());
        var shuffled = Facts.Of(revisions[3], revisions[1], revisions[4], revisions[0], revisions[2]);

        Assert.Equal(100, inOrder.LatestChainDay(Facts.SickCase)!.RehabChainDay);
        Assert.Equal(inOrder, reversed);
        Assert.Equal(inOrder, shuffled);
    }

    [Fact]
    public void A_revision_seen_again_or_an_older_one_changes_nothing()
    {
        var facts = Facts.Of(Facts.ChainDay(100, new DateOnly(2025, 3, 1), revision: 2));
        Assert.Empty(facts.Observe(Facts.ChainDay(100, new DateOnly(2025, 3, 1), revision: 2), new DateOnly(2025, 3, 1)).Events);
        Assert.Empty(facts.Observe(Facts.ChainDay(90, new DateOnly(2025, 3, 1), revision: 1), new DateOnly(2025, 3, 1)).Events);
        Assert.Single(facts.Observe(Facts.ChainDay(101, new DateOnly(2025, 3, 2), revision: 3), new DateOnly(2025, 3, 2)).Events);
    }
}
