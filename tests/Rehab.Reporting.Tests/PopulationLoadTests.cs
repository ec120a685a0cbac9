using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Persistence;
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
[Collection(SharedTopics.Name)]
public sealed class PopulationLoadTests(LoadedPlatformFixture fixture, ITestOutputHelper output) : IClassFixture<LoadedPlatformFixture>
{
    [Fact]
    public void Every_person_is_registered_and_no_fact_round_participation_or_meeting_is_rejected()
    {
        foreach (var path in fixture.Result.Paths) output.WriteLine(path.ToString());
        output.WriteLine($"sample of every {LoadedPlatformFixture.Every}th person ({fixture.Input.Records} records) loaded in {fixture.LoadTime.TotalSeconds:F1} s");
        foreach (var rejection in fixture.Result.Rejections) output.WriteLine(rejection);

        Assert.Equal(fixture.Input.Persons.Count, fixture.Result.PersonIds.Values.Distinct().Count());
        Assert.Contains(fixture.Result.Paths, p => p.Path.StartsWith("transition meetings", StringComparison.Ordinal) && p.Records > 0);
        Assert.All(fixture.Result.Paths, p => Assert.Equal((p.Path, null, 0), (p.Path, p.Unavailable, p.Rejected)));
    }

    [Fact]
    public async Task The_transition_meetings_service_holds_every_held_meeting_once_with_the_generated_recorded_time()
    {
        var officer = PlatformHost.As(DevTokens.FkOfficer(PopulationGenerator.FkOffice));
        var held = new List<Contracts.Transition.V1.Meeting>();
        var token = "";
        do
        {
            var page = await fixture.Platform.TransitionMeetings.ListMeetingsAsync(
                new Contracts.Transition.V1.ListMeetingsRequest { PageSize = 500, PageToken = token, OfficeId = PopulationGenerator.FkOffice }, officer);
            held.AddRange(page.Meetings);
            token = page.NextPageToken;
        }
        while (token != "");

        var expected = fixture.Input.Meetings;
        // One meeting per generated meeting: an AE refusal's meeting the facts feed triggered first was continued, not duplicated.
        Assert.Equal(expected.Count, held.Count);
        Assert.Equal(held.Count, held.Select(m => m.PersonId).Distinct().Count());
        Assert.All(held, m => Assert.NotNull(m.Held));
        Assert.Equal(
            expected.GroupBy(m => (m.Type, m.Benefit, m.Gender)).ToDictionary(g => g.Key, g => g.Count()),
            held.GroupBy(m => (m.MeetingType, m.BenefitType, m.Gender)).ToDictionary(g => g.Key, g => g.Count()));

        // MeetingHeld carries the time the generator recorded it (what the in-memory exactness test folds).
        var heldAt = expected.ToDictionary(m => fixture.Result.PersonIds[m.PersonKey], m => m.HeldRecordedAt);
        var log = fixture.Platform.TransitionMeetingsServices.GetRequiredService<EventLogReader>();
        var times = new List<(DateTimeOffset? Expected, DateTimeOffset Actual)>();
        await foreach (var e in log.ReadAllAsync("transition"))
            if (e.Type == Contracts.Transition.V1.MeetingHeld.Descriptor.FullName)
                times.Add((heldAt[e.Unpack<Contracts.Transition.V1.MeetingHeld>().Meeting.PersonId], e.Time));
        Assert.Equal(expected.Count, times.Count);
        Assert.All(times, t => Assert.Equal(t.Expected, t.Actual));
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
