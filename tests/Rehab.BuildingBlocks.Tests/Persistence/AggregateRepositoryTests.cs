using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Persistence;

[Trait("Tier", "Redis")]
public sealed class AggregateRepositoryTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private readonly string _prefix = RedisServer.NewPrefix();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly AggregateRepository<TestCase> _repo;

    public AggregateRepositoryTests() => _repo = TestRepositories.Create(_prefix, _time);

    private async Task<IReadOnlyList<CloudEvent>> LogAsync()
    {
        var reader = new EventLogReader(Connections.Shared, Options.Create(new PersistenceOptions { KeyPrefix = _prefix }));
        var events = new List<CloudEvent>();
        await foreach (var e in reader.ReadAllAsync("cases")) events.Add(e);
        return events;
    }

    [Fact]
    public async Task Handlers_updating_the_latest_version_concurrently_all_land_while_a_stale_etag_still_aborts()
    {
        var created = await _repo.CreateAsync("bo", null, _ => TestCase.Open("bo", "t", Day));

        // Eight writers race on one record; each re-reads and decides again when another got there first.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => _repo.UpdateLatestAsync(created.Id, c => c.Rename("r" + i, Day), attempts: 50))));

        var final = await _repo.GetAsync(created.Id);
        Assert.Equal(8, final.State.Edits);
        Assert.Equal(9, (await LogAsync()).Count);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _repo.UpdateAsync(created.Id, created.Etag, c => c.Rename("stale", Day)));
    }

    [Fact]
    public async Task A_retried_create_with_the_same_request_id_creates_one_record_and_one_event()
    {
        var first = await _repo.CreateAsync("anna", "req-1", _ => TestCase.Open("anna", "first", Day));
        var retry = await _repo.CreateAsync("anna", "req-1", _ => TestCase.Open("anna", "second", Day));

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal("first", retry.State.Title);
        Assert.Single(await LogAsync());
    }

    [Fact]
    public async Task Concurrent_retries_of_one_create_still_create_one_record()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _repo.CreateAsync("bo", "req-race", _ => TestCase.Open("bo", "x", Day))));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(await LogAsync());
    }

    [Fact]
    public async Task First_events_racing_to_create_one_keyed_record_all_land_on_the_winner()
    {
        // Four handlers each found no record and create it: one wins the claim, the others apply their change to the winner.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            _repo.CreateOrUpdateAsync("gus", "open-case:gus", _ => TestCase.Open("gus", "t" + i, Day), c => c.Rename("r" + i, Day)))));

        Assert.Single(results.Select(r => r.Id).Distinct());
        var final = await _repo.GetAsync(results[0].Id);
        Assert.Equal(3, final.State.Edits);
        Assert.Equal(4, (await LogAsync()).Count);
    }

    [Fact]
    public async Task An_aggregate_is_found_by_the_unique_key_it_holds_until_it_releases_it()
    {
        var open = await _repo.CreateAsync("dag", null, _ => TestCase.Open("dag", "t", Day));

        var found = await _repo.FindByUniqueKeyAsync("dag", "open-case:dag");
        await _repo.UpdateAsync(open.Id, open.Etag, s => s.Close(Day));

        Assert.Equal(open.Id, found?.Id);
        Assert.Null(await _repo.FindByUniqueKeyAsync("dag", "open-case:dag"));
        Assert.Null(await _repo.FindByUniqueKeyAsync("dag", "open-case:nobody"));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_a_conflict_and_writes_nothing()
    {
        var created = await _repo.CreateAsync("cia", null, _ => TestCase.Open("cia", "t", Day));
        var updated = await _repo.UpdateAsync(created.Id, created.Etag, s => s.Rename("t2", Day));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            _repo.UpdateAsync(created.Id, created.Etag, s => s.Rename("lost", Day)));

        var stored = await _repo.GetAsync(created.Id);
        Assert.Equal("t2", stored.State.Title);
        Assert.Equal(updated.Etag, stored.Etag);
        Assert.Equal(2, (await LogAsync()).Count);
    }

    [Fact]
    public async Task Of_concurrent_updates_from_the_same_version_exactly_one_wins()
    {
        var created = await _repo.CreateAsync("dan", null, _ => TestCase.Open("dan", "t", Day));
        var attempts = Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await _repo.UpdateAsync(created.Id, created.Etag, s => s.Rename("n" + i, Day));
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        });

        var outcomes = await Task.WhenAll(attempts);
        Assert.Equal(1, outcomes.Count(o => o));
        Assert.Equal(1, (await _repo.GetAsync(created.Id)).State.Edits);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("vx")]
    public async Task A_missing_or_foreign_etag_is_a_field_violation(string? etag)
    {
        var created = await _repo.CreateAsync("eva", null, _ => TestCase.Open("eva", "t", Day));
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _repo.UpdateAsync(created.Id, etag, s => s.Rename("x", Day)));
        Assert.Equal("etag", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public async Task A_uniqueness_key_blocks_a_second_open_record_until_the_first_releases_it()
    {
        var first = await _repo.CreateAsync("fia", null, _ => TestCase.Open("fia", "one", Day));
        var clash = await Assert.ThrowsAsync<AlreadyExistsException>(() =>
            _repo.CreateAsync("fia", null, _ => TestCase.Open("fia", "two", Day)));
        Assert.Equal(first.Id, clash.ExistingId);
        Assert.Contains("open-case", clash.Message, StringComparison.Ordinal);

        await _repo.UpdateAsync(first.Id, first.Etag, s => s.Close(Day));
        var second = await _repo.CreateAsync("fia", null, _ => TestCase.Open("fia", "two", Day));
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task State_and_events_are_stored_together_as_cloudevents_with_stable_ids()
    {
        var created = await _repo.CreateAsync("gus", null, _ => TestCase.Open("gus", "t", Day));
        await _repo.UpdateAsync(created.Id, created.Etag, s => s.Rename("u", Day));

        var log = await LogAsync();
        Assert.Equal(2, log.Count);
        Assert.All(log, e =>
        {
            Assert.Equal(created.Id, e.Subject);
            Assert.Equal("google.protobuf.StringValue", e.Type);
            Assert.Equal("2026-03-02", e.EffectiveAt);
            Assert.Equal("person-gus", e.PersonId);
            Assert.Equal("test-app", e.Source);
            Assert.Equal(7, Guid.Parse(e.Id).Version);
        });
        Assert.Equal(2, log.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _repo.GetAsync(Guid.CreateVersion7().ToString()));
        await Assert.ThrowsAsync<NotFoundException>(() => _repo.GetAsync("not-an-id"));
    }

    [Fact]
    public async Task The_shard_is_encoded_in_the_id_so_a_person_keeps_one_hash_slot()
    {
        var created = await _repo.CreateAsync("hugo", null, _ => TestCase.Open("hugo", "t", Day));
        Assert.True(AggregateId.TryShardOf(created.Id, out var shard));
        Assert.Equal(KeyLayout.ShardOfPartition("hugo"), shard);
        var keys = _repo.Keys;
        var slot = Connections.Shared.GetServer(RedisServer.Shared.Endpoint).Multiplexer.HashSlot(keys.Aggregate(shard, created.Id));
        Assert.Equal(slot, Connections.Shared.HashSlot(keys.Log(shard)));
        Assert.Equal(slot, Connections.Shared.HashSlot(keys.Unique(shard, "open-case:hugo")));
        Assert.Equal(slot, Connections.Shared.HashSlot(keys.Request(shard, "r")));
    }

    [Fact]
    public async Task Listing_pages_newest_first_without_gaps_or_repeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await _repo.CreateAsync("p" + i, null, _ => TestCase.Open("p" + i, "t" + i, Day))).Id);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var (items, next) = await _repo.ListAsync(_ => true, 3, token);
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(i => i.Id));
            token = next;
        }
        while (token.Length > 0);

        ids.Reverse();
        Assert.Equal(ids, seen);
        var (filtered, _) = await _repo.ListAsync(s => s.Title == "t3", 10, null);
        Assert.Equal("t3", Assert.Single(filtered).State.Title);
    }

    [Fact]
    public async Task An_event_that_carries_its_own_id_is_logged_under_that_id_and_others_get_a_minted_one()
    {
        var open = await _repo.CreateAsync("eva", null, _ => TestCase.Open("eva", "t", Day));
        var stableId = "0196a7c4-2f1e-8abc-9def-0123456789ab";

        await _repo.UpdateAsync(open.Id, open.Etag, s => s.RenameWithEventId("u", Day, stableId));

        var log = await LogAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal(stableId, log[1].Id);
        Assert.NotEqual(stableId, log[0].Id);
        Assert.True(Guid.TryParse(log[0].Id, out var minted) && minted.Version == 7);
    }

    [Fact]
    public async Task A_change_whose_event_stays_inside_the_service_is_stored_but_not_logged()
    {
        var open = await _repo.CreateAsync("fia", null, _ => TestCase.Open("fia", "t", Day));

        var annotated = await _repo.UpdateAsync(open.Id, open.Etag, s => s.Annotate(Day));

        Assert.Equal((2L, 1), (annotated.Version, (await _repo.GetAsync(open.Id)).State.Edits));
        Assert.Single(await LogAsync());
    }
}
