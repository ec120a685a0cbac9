using System.Collections.Concurrent;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Rehab.BuildingBlocks.Tests.Audit;
using Rehab.Testing;
using Xunit;
using Role = Rehab.BuildingBlocks.Security.Role;

namespace Rehab.BuildingBlocks.Tests.Import;

[Trait("Tier", "Redis")]
public sealed class HistoryImportBatchTests(RedisConnectionFixture fixture) : IClassFixture<RedisConnectionFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly HistoryImportDefinition<Rec> EachOnItsOwn = new("round", ["person_id", "plan"]);
    private static readonly HistoryImportDefinition<Rec> PerPerson = new("round", ["person_id", "plan"]) { InOrderOf = r => r.Person };

    private readonly RedisAuditTrail _trail = new(fixture.Redis, RedisServer.NewPrefix(), "history-test");

    private sealed record Rec(string HistoryId, string Person);

    private HistoryImportBatch NewBatch() => new(new PersonalDataAudit(new SystemCaller(), _trail, TimeProvider.System));

    private static List<Rec> Records(params (string HistoryId, string Person)[] records) => records.Select(r => new Rec(r.HistoryId, r.Person)).ToList();

    private static Task<HistoryRecordDecision> Record(Rec r, CancellationToken _) => Task.FromResult(HistoryRecordDecision.Recorded("agg-" + r.HistoryId));

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task A_persons_records_are_decided_one_after_the_other_in_the_requests_order()
    {
        var records = Records(("a1", "anna"), ("b1", "bo"), ("a2", "anna"), ("a3", "anna"), ("b2", "bo"));
        var started = new ConcurrentQueue<string>();
        var running = new ConcurrentDictionary<string, int>();
        var overlapped = false;

        await NewBatch().ImportAsync(PerPerson, records, new Violations(), async (r, ct) =>
        {
            started.Enqueue(r.HistoryId);
            if (running.AddOrUpdate(r.Person, 1, (_, n) => n + 1) > 1) overlapped = true;
            await Task.Delay(20, ct);
            running.AddOrUpdate(r.Person, 0, (_, n) => n - 1);
            return HistoryRecordDecision.Recorded("agg-" + r.HistoryId);
        }, CancellationToken.None);

        Assert.False(overlapped);
        Assert.Equal(["a1", "a2", "a3"], started.Where(h => h.StartsWith('a')));
        Assert.Equal(["b1", "b2"], started.Where(h => h.StartsWith('b')));
    }

    [Fact]
    public async Task Different_persons_are_decided_concurrently()
    {
        var records = Records(("a1", "anna"), ("b1", "bo"));
        var arrived = new ConcurrentDictionary<string, TaskCompletionSource>(
            records.ToDictionary(r => r.Person, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

        // Each waits for the other to start: only a concurrent run gets through.
        var result = await NewBatch().ImportAsync(PerPerson, records, new Violations(), async (r, ct) =>
        {
            arrived[r.Person].SetResult();
            await arrived[r.Person == "anna" ? "bo" : "anna"].Task.WaitAsync(Patience, ct);
            return HistoryRecordDecision.Recorded("agg-" + r.HistoryId);
        }, CancellationToken.None);

        Assert.Equal(2, result.Recorded);
    }

    [Fact]
    public async Task Decisions_and_counts_follow_the_requests_order_however_the_records_finish()
    {
        var records = Records(("h1", "p1"), ("h2", "p2"), ("h3", "p3"), ("h4", "p4"), ("h5", "p5"));

        var result = await NewBatch().ImportAsync(EachOnItsOwn, records, new Violations(), async (r, ct) =>
        {
            var n = int.Parse(r.HistoryId[1..], System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay((6 - n) * 15, ct); // the last record finishes first
            return n switch
            {
                1 or 4 => HistoryRecordDecision.Recorded("agg-" + r.HistoryId),
                2 => HistoryRecordDecision.Unchanged("agg-" + r.HistoryId),
                _ => throw new ValidationFailedException("plan.planned_date", "must not be in the future"),
            };
        }, CancellationToken.None);

        Assert.Equal(["agg-h1", "agg-h2", "", "agg-h4", ""], result.Decisions.Select(d => d.AggregateId));
        Assert.Equal(
            [HistoryImportOutcome.Recorded, HistoryImportOutcome.Unchanged, HistoryImportOutcome.Rejected, HistoryImportOutcome.Recorded,
             HistoryImportOutcome.Rejected],
            result.Decisions.Select(d => d.Outcome));
        Assert.Equal([new FieldViolation("plan.planned_date", "must not be in the future")], result.Decisions[2].Violations);
        Assert.Equal((2, 1, 2), (result.Recorded, result.Unchanged, result.Rejected));
    }

    [Fact]
    public async Task One_audit_entry_per_batch_names_the_aggregates_recorded_and_nothing_else()
    {
        var records = Records(("h2", "p2"), ("h1", "p1"), ("h3", "p3"), ("h4", "p4"));

        await NewBatch().ImportAsync(EachOnItsOwn, records, new Violations(), (r, ct) => Task.FromResult(r.HistoryId switch
        {
            "h3" => HistoryRecordDecision.Unchanged("agg-h3"),
            "h4" => new HistoryRecordDecision(
                HistoryImportOutcome.Rejected, "agg-h4", [new FieldViolation("history_id", "already imported with other content")]),
            _ => HistoryRecordDecision.Recorded("agg-" + r.HistoryId),
        }), CancellationToken.None);

        var entries = await _trail.ReadAllAsync().ToListAsync();
        Assert.Equal(["agg-h1", "agg-h2"], entries.Select(e => e.Entry.RecordId));
        Assert.All(entries, e => Assert.Equal(
            ("round", AuditAction.Change, "req-history"), (e.Entry.RecordType, e.Entry.Action, e.Entry.RequestId)));
        Assert.All(entries, e => Assert.Equal(["person_id", "plan"], e.Entry.Fields));
    }

    [Fact]
    public async Task A_rejected_record_does_not_keep_the_persons_later_records_from_being_decided()
    {
        var records = Records(("a1", "anna"), ("a2", "anna"), ("b1", "bo"));

        var result = await NewBatch().ImportAsync(PerPerson, records, new Violations(),
            (r, ct) => r.HistoryId == "a1" ? throw new ValidationFailedException("person_id", "is required") : Record(r, ct),
            CancellationToken.None);

        Assert.Equal([HistoryImportOutcome.Rejected, HistoryImportOutcome.Recorded, HistoryImportOutcome.Recorded],
            result.Decisions.Select(d => d.Outcome));
    }

    [Fact]
    public async Task An_unexpected_failure_fails_the_whole_batch_as_itself_after_auditing_what_was_stored_before_it()
    {
        // As the services always did: only a record's own fault (a field violation) is a REJECTED record; anything else (a lost
        // store, a conflict that outlasted the retries) fails the call, and the caller resends the batch (imports are idempotent).
        // What was stored before the failure stays stored and comes back UNCHANGED on the resend, so it is audited now.
        var records = Records(("h1", "p1"), ("h2", "p1"), ("h3", "p1"), ("h4", "p2"));
        var stored = new ConcurrentBag<string>();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => NewBatch().ImportAsync(PerPerson, records,
            new Violations(), async (r, ct) =>
            {
                if (r.HistoryId == "h2") throw new InvalidOperationException("store lost");
                var decision = await Record(r, ct);
                stored.Add(decision.AggregateId);
                return decision;
            }, CancellationToken.None));

        Assert.Equal("store lost", failure.Message);
        Assert.Contains("agg-h1", stored);
        Assert.DoesNotContain("agg-h3", stored); // after the failure in its person's lane
        Assert.Equal(stored.Order(StringComparer.Ordinal), (await _trail.ReadAllAsync().ToListAsync()).Select(e => e.Entry.RecordId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_history_id_repeated_in_the_batch_is_rejected_without_being_decided_when_the_import_says_so()
    {
        var once = new HistoryImportDefinition<Rec>("round", ["person_id"]) { RejectRepeated = r => r.HistoryId };
        var records = Records(("h1", "p1"), ("h2", "p2"), ("h1", "p3"), ("h1", "p1"));
        var decided = new ConcurrentBag<string>();

        var result = await NewBatch().ImportAsync(once, records, new Violations(), (r, ct) =>
        {
            decided.Add(r.HistoryId + "/" + r.Person);
            return Record(r, ct);
        }, CancellationToken.None);

        Assert.Equal(["h1/p1", "h2/p2"], decided.Order(StringComparer.Ordinal));
        Assert.Equal([HistoryImportOutcome.Recorded, HistoryImportOutcome.Recorded, HistoryImportOutcome.Rejected, HistoryImportOutcome.Rejected],
            result.Decisions.Select(d => d.Outcome));
        Assert.Equal([new FieldViolation("history_id", "appears earlier in this batch")], result.Decisions[3].Violations);
    }

    [Fact]
    public async Task A_batch_over_the_limit_fails_whole_with_the_services_own_envelope_violations_first()
    {
        var records = Enumerable.Range(0, HistoryImportBatch.MaxRecords + 1).Select(i => new Rec($"h{i}", "p")).ToList();
        var decided = 0;

        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => NewBatch().ImportAsync(EachOnItsOwn, records,
            new Violations().RequireText(" ", "source_system"), (r, ct) =>
            {
                Interlocked.Increment(ref decided);
                return Record(r, ct);
            }, CancellationToken.None));

        Assert.Equal(["source_system", "records"], invalid.Violations.Select(v => v.Field));
        Assert.Equal(0, decided);
    }

    [Fact]
    public async Task An_empty_batch_is_answered_with_no_decisions_and_no_audit_entry()
    {
        var result = await NewBatch().ImportAsync(EachOnItsOwn, [], new Violations(), Record, CancellationToken.None);

        Assert.Empty(result.Decisions);
        Assert.Equal((0, 0, 0), (result.Recorded, result.Unchanged, result.Rejected));
        Assert.Empty(await _trail.ReadAllAsync().ToListAsync());
    }

    [Fact]
    public void The_outcomes_are_numbered_like_every_history_import_contracts_outcome()
    {
        foreach (var outcome in Enum.GetValues<HistoryImportOutcome>())
        {
            Assert.Equal(outcome.ToString(), ((Rehab.Contracts.JointAssessment.V1.HistoryOutcome)outcome).ToString());
            Assert.Equal(outcome.ToString(), ((Rehab.Contracts.Transition.V1.HistoryOutcome)outcome).ToString());
            Assert.Equal(outcome.ToString(), ((Rehab.Contracts.Interventions.V1.HistoryRecordOutcome)outcome).ToString());
        }
    }

    /// <summary>The System caller of an authorized import call.</summary>
    private sealed class SystemCaller : ICallerContext
    {
        public bool IsAuthenticated => true;
        public string UserId => "sus-migration";
        public string? Name => null;
        public IReadOnlySet<Role> Roles { get; } = new HashSet<Role> { Role.System };
        public Role? ActingRole => Role.System;
        public string Organisation => "FK";
        public IReadOnlySet<string> Offices { get; } = new HashSet<string>();
        public string? ProviderId => null;
        public string? Purpose => "history import";
        public string RequestId => "req-history";
        public RpcRule? Rule => null;
        public bool HasRole(Role role) => Roles.Contains(role);
        public bool ServesOffice(string? officeId) => false;
        public void EnsureServesOffice(string officeId) => throw new AccessDeniedException("no offices");
        public void EnsureServesAnyOffice(IEnumerable<string?> officeIds) => throw new AccessDeniedException("no offices");
        public void EnsureProvider(string providerId) => throw new AccessDeniedException("not a provider");
    }
}
