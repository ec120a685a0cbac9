using Rehab.Contracts.Interventions.V1;
using Rehab.Population;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using Xunit.Abstractions;

namespace Rehab.Reporting.Tests;

/// <summary>
/// Issue 9: the generated population loads through the platform's real paths (registry, facts import, history imports) and the
/// services hold it. The full exactness test through the reporting API builds on <see cref="LoadedPlatformFixture"/>.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class PopulationLoadTests(LoadedPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<LoadedPlatformFixture>
{
    [Fact]
    public void Every_person_is_registered_and_no_fact_or_participation_is_rejected()
    {
        foreach (var path in fixture.Result.Paths) output.WriteLine(path.ToString());
        foreach (var rejection in fixture.Result.Rejections) output.WriteLine(rejection);

        Assert.Equal(fixture.Input.Persons.Count, fixture.Result.PersonIds.Values.Distinct().Count());
        Assert.All(fixture.Result.Paths.Where(p => p.Path.StartsWith("facts", StringComparison.Ordinal) || p.Path.StartsWith("interventions", StringComparison.Ordinal)),
            p => Assert.Equal((null, 0), (p.Unavailable, p.Rejected)));
    }

    [Fact]
    public async Task The_interventions_service_holds_every_participation_with_its_closure()
    {
        var officer = PlatformHost.As(DevTokens.FkOfficer(PopulationGenerator.FkOffice));
        var held = new List<Participation>();
        var token = "";
        do
        {
            var page = await fixture.Platform.Interventions.ListParticipationsAsync(
                new ListParticipationsRequest { PageSize = 500, PageToken = token, OfficeId = PopulationGenerator.FkOffice }, officer);
            held.AddRange(page.Participations);
            token = page.NextPageToken;
        }
        while (token != "");

        var expected = fixture.Input.Participations;
        Assert.Equal(expected.Count, held.Count);
        Assert.Equal(expected.Count(p => p.Closure is not null), held.Count(p => p.State == ParticipationState.Closed));
        Assert.Equal(
            expected.Where(p => p.Closure is not null).GroupBy(p => p.Closure.Outcome).ToDictionary(g => g.Key, g => g.Count()),
            held.Where(p => p.State == ParticipationState.Closed).GroupBy(p => p.Closure.Outcome).ToDictionary(g => g.Key, g => g.Count()));
        var closedEvents = await Eventually.TrueAsync(() => fixture.Platform.InterventionsEvents.Delivered.Count(e => e.Type == ParticipationClosed.Descriptor.FullName)
            >= held.Count(p => p.State == ParticipationState.Closed), TimeSpan.FromSeconds(60));
        Assert.True(closedEvents, "every closure's ParticipationClosed reaches the interventions topic");
    }
}
