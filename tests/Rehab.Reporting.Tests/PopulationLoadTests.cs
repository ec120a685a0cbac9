using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Interventions.V1;
using Rehab.Population;
using Domain = Rehab.Reporting.Domain;
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

    [Fact]
    public async Task The_reporting_service_counts_the_imported_meetings_in_000_Tabell_4()
    {
        const int year = 2025;
        var analyst = PlatformHost.As(DevTokens.ForRole(Rehab.BuildingBlocks.Security.Role.Analyst));
        var rows = new (string Row, Contracts.Transition.V1.MeetingType Type, Contracts.Common.V1.BenefitType Benefit)[]
        {
            (Domain.Rows.AeTransitionMeetings, Contracts.Transition.V1.MeetingType.TransitionMeeting, Contracts.Common.V1.BenefitType.ActivityCompensation),
            (Domain.Rows.SpTransitionMeetings, Contracts.Transition.V1.MeetingType.TransitionMeeting, Contracts.Common.V1.BenefitType.SicknessBenefit),
            (Domain.Rows.SpContactMeetings, Contracts.Transition.V1.MeetingType.ContactMeeting, Contracts.Common.V1.BenefitType.SicknessBenefit),
        };
        var genders = new[] { (Contracts.Common.V1.Gender.Woman, Contracts.Reporting.V1.Column.Women), (Contracts.Common.V1.Gender.Man, Contracts.Reporting.V1.Column.Men) };
        var expected = (from r in rows
                        from g in genders
                        select (r.Row, g.Item2, (double)fixture.Input.Meetings.Count(m => m.HeldDate.Year == year && m.Type == r.Type && m.Benefit == r.Benefit && m.Gender == g.Item1)))
            .ToList();
        Assert.True(expected.Sum(e => e.Item3) > 0, "the sample holds meetings held in the year");

        List<(string, Contracts.Reporting.V1.Column, double)> actual = [];
        var agreed = await Eventually.TrueAsync(async () =>
        {
            var report = await fixture.Platform.Reporting.GetAnnualReportAsync(
                new Contracts.Reporting.V1.GetAnnualReportRequest { Year = year, TableIds = { "000.4" } }, analyst);
            var cells = report.Tables.Single().Cells;
            actual = [.. expected.Select(e => (e.Row, e.Item2, cells.Single(c => c.Row == e.Row && c.Column == e.Item2).Value))];
            return actual.SequenceEqual(expected);
        }, TimeSpan.FromSeconds(60));
        Assert.True(agreed, string.Join("; ", actual.Zip(expected, (a, e) => $"{e.Row} {e.Item2}: {a.Item3} (expected {e.Item3})")));
    }
}
