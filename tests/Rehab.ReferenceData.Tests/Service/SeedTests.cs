using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.ReferenceData.V1;
using Xunit;
using static Rehab.ReferenceData.Tests.Service.ReferenceDataHost;

namespace Rehab.ReferenceData.Tests.Service;

/// <summary>The seed is loaded once: a restart on the same data records nothing again and keeps an operator's edits.</summary>
[Trait("Tier", "Redis")]
public sealed class SeedTests
{
    private static readonly string[] Kinds = ["region", "office", "officer-assignment", "provider", "samordningsforbund"];

    private static async Task<Dictionary<string, int>> EventCounts(ReferenceDataHost host)
    {
        var counts = new Dictionary<string, int>();
        foreach (var kind in Kinds) counts[kind] = (await host.EventsAsync(kind)).Count;
        return counts;
    }

    [Fact]
    public async Task A_restart_leaves_the_seeded_and_edited_records_as_they_are()
    {
        Dictionary<string, int> seeded;
        Office edited;
        string prefix;
        await using (var first = Start())
        {
            prefix = first.KeyPrefix;
            seeded = await EventCounts(first);
            var office = await first.Client.GetOfficeAsync(new GetOfficeRequest { OfficeId = "af-stockholm-syd" }, AsOperator);
            edited = await first.Client.UpsertOfficeAsync(
                new UpsertOfficeRequest { Office = new Office(office) { Name = "Arbetsförmedlingen Stockholm Söder" } }, AsOperator);
        }

        await using var restarted = Start(prefix);
        var after = await EventCounts(restarted);
        var office2 = await restarted.Client.GetOfficeAsync(new GetOfficeRequest { OfficeId = "af-stockholm-syd" }, As(Role.AfEmploymentOfficer));

        Assert.Equal(new Dictionary<string, int>
        {
            ["region"] = 3, ["office"] = 9, ["officer-assignment"] = 4, ["provider"] = 3, ["samordningsforbund"] = 2,
        }, seeded);
        Assert.Equal(new Dictionary<string, int>(seeded) { ["office"] = 10 }, after);
        Assert.Equal(edited, office2);
        Assert.Equal("v2", office2.Etag);
    }
}
