using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Common = Rehab.Contracts.Common.V1;
using Facts = Rehab.Contracts.Facts.V1;
using Interventions = Rehab.Contracts.Interventions.V1;
using JointAssessment = Rehab.Contracts.JointAssessment.V1;
using Person = Rehab.Contracts.Person.V1;
using Transition = Rehab.Contracts.Transition.V1;

namespace Rehab.Population;

/// <summary>How the loader batches: records per call and calls in flight per path.</summary>
public sealed record LoadOptions(int PersonBatch = 1000, int FactBatch = 2000, int HistoryBatch = 500, int Concurrency = 4, string SourceSystem = "population");

/// <summary>One import path's numbers: records sent, rejected, the wall time and the rate.</summary>
public sealed record PathTiming(string Path, int Records, int Rejected, TimeSpan Elapsed, string? Unavailable = null)
{
    public double PerSecond => Records / Math.Max(Elapsed.TotalSeconds, 0.001);

    public override string ToString() => Unavailable is not null
        ? $"{Path,-28} not loaded: {Unavailable}"
        : $"{Path,-28} {Records,8} records {Rejected,6} rejected {Elapsed.TotalSeconds,8:F1} s {PerSecond,9:F0}/s";
}

/// <summary>What a load did: each path's numbers, the registry ids of the generated persons and the first rejections (for diagnosis).</summary>
public sealed record LoadResult(IReadOnlyList<PathTiming> Paths, IReadOnlyDictionary<string, string> PersonIds, IReadOnlyList<string> Rejections);

/// <summary>
/// Loads a generated population through the platform's real paths, in dependency order, all through the gateway with a System
/// token (issue 9): (1) every person through the registry's EnsurePersons (key → registry person_id), (2) the facts through
/// ImportFacts, (3) the rounds through ImportJointAssessmentHistory (key → round id), (4) the participation lives through
/// ImportParticipationHistory, (5) the meetings through ImportMeetingHistory. Batches run with bounded concurrency; each path is
/// idempotent, so a load can be repeated. A path the platform does not serve yet (UNIMPLEMENTED) is reported, not fatal.
/// </summary>
public sealed class PopulationLoader(CallInvoker gateway, Func<Metadata> systemHeaders, LoadOptions? options = null)
{
    private readonly LoadOptions _options = options ?? new LoadOptions();
    private readonly ConcurrentQueue<string> _rejections = new();

    public async Task<LoadResult> LoadAsync(LoadInput input, CancellationToken ct = default)
    {
        var paths = new List<PathTiming>();
        var (persons, personTiming) = await RegisterPersonsAsync(input.Persons, ct);
        paths.Add(personTiming);
        string PersonId(string key) => persons[key];

        paths.Add(await ImportFactsAsync(input.Facts, PersonId, ct));
        var (rounds, roundTiming) = await ImportRoundsAsync(input.Rounds, PersonId, ct);
        paths.Add(roundTiming);
        paths.Add(await ImportParticipationsAsync(input.Participations, PersonId, key => rounds.GetValueOrDefault(key, key), ct));
        paths.Add(await ImportMeetingsAsync(input.Meetings, PersonId, ct));
        return new LoadResult(paths, persons, _rejections.Take(50).ToList());
    }

    private async Task<(Dictionary<string, string> Ids, PathTiming Timing)> RegisterPersonsAsync(IReadOnlyList<GeneratedPerson> persons, CancellationToken ct)
    {
        var client = new Person.PersonRegistryService.PersonRegistryServiceClient(gateway);
        var ids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var timing = await RunAsync("person registry EnsurePersons", persons, _options.PersonBatch, async batch =>
        {
            var request = new Person.EnsurePersonsRequest { IdentityNumbers = { batch.Select(p => p.IdentityNumber) } };
            var response = await client.EnsurePersonsAsync(request, systemHeaders(), cancellationToken: ct);
            for (var i = 0; i < batch.Count; i++) ids[batch[i].Key] = response.IdentityNumberPersonIds[i];
            return 0;
        }, ct);
        return (new Dictionary<string, string>(ids, StringComparer.Ordinal), timing);
    }

    private Task<PathTiming> ImportFactsAsync(IReadOnlyList<Facts.FactRecord> facts, Func<string, string> personId, CancellationToken ct)
    {
        var client = new Facts.FactsService.FactsServiceClient(gateway);
        return RunAsync("facts ImportFacts", facts, _options.FactBatch, async batch =>
        {
            var request = new Facts.ImportFactsRequest { BatchId = Guid.NewGuid().ToString() };
            foreach (var fact in batch)
            {
                var record = fact.Clone();
                record.Person = new Facts.PersonReference { PersonId = personId(fact.PersonId) };
                record.PersonId = "";
                request.Records.Add(record);
            }

            var response = await client.ImportFactsAsync(request, systemHeaders(), cancellationToken: ct);
            foreach (var r in response.Results.Where(r => r.Outcome == Facts.RecordOutcome.Rejected)) Reject("fact", r.RecordId, r.Violations);
            return response.Rejected;
        }, ct);
    }

    private async Task<(Dictionary<string, string> Ids, PathTiming Timing)> ImportRoundsAsync(
        IReadOnlyList<RoundHistory> rounds, Func<string, string> personId, CancellationToken ct)
    {
        var client = new JointAssessment.JointAssessmentService.JointAssessmentServiceClient(gateway);
        var ids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var timing = await RunAsync("joint assessment history", rounds, _options.HistoryBatch, async batch =>
        {
            var request = new JointAssessment.ImportJointAssessmentHistoryRequest { BatchId = Guid.NewGuid().ToString(), SourceSystem = _options.SourceSystem };
            request.Records.AddRange(batch.Select(r => HistoryRecords.Round(r, personId(r.PersonKey))));
            var response = await client.ImportJointAssessmentHistoryAsync(request, systemHeaders(), cancellationToken: ct);
            foreach (var r in response.Results)
            {
                if (r.Outcome == JointAssessment.HistoryOutcome.Rejected) Reject("round", r.HistoryId, r.Violations);
                else ids[r.HistoryId] = r.JointAssessmentId;
            }

            return response.Rejected;
        }, ct);
        return (new Dictionary<string, string>(ids, StringComparer.Ordinal), timing);
    }

    private Task<PathTiming> ImportParticipationsAsync(
        IReadOnlyList<Interventions.ParticipationHistoryRecord> lives, Func<string, string> personId, Func<string, string> roundId, CancellationToken ct)
    {
        var client = new Interventions.InterventionsService.InterventionsServiceClient(gateway);
        return RunAsync("interventions history", lives, _options.HistoryBatch, async batch =>
        {
            var request = new Interventions.ImportParticipationHistoryRequest { BatchId = Guid.NewGuid().ToString() };
            foreach (var life in batch)
            {
                var record = life.Clone();
                record.PersonId = personId(life.PersonId);
                record.JointAssessmentId = roundId(life.JointAssessmentId);
                request.Records.Add(record);
            }

            var response = await client.ImportParticipationHistoryAsync(request, systemHeaders(), cancellationToken: ct);
            foreach (var r in response.Results.Where(r => r.Outcome == Interventions.HistoryRecordOutcome.Rejected)) Reject("participation", r.HistoryId, r.Violations);
            return response.Rejected;
        }, ct);
    }

    private Task<PathTiming> ImportMeetingsAsync(IReadOnlyList<MeetingHistory> meetings, Func<string, string> personId, CancellationToken ct)
    {
        var client = new Transition.TransitionMeetingsService.TransitionMeetingsServiceClient(gateway);
        return RunAsync("transition meetings history", meetings, _options.HistoryBatch, async batch =>
        {
            var request = new Transition.ImportMeetingHistoryRequest { BatchId = Guid.NewGuid().ToString(), SourceSystem = _options.SourceSystem };
            request.Records.AddRange(batch.Select(m => HistoryRecords.Meeting(m, personId(m.PersonKey))));
            var response = await client.ImportMeetingHistoryAsync(request, systemHeaders(), cancellationToken: ct);
            foreach (var r in response.Results.Where(r => r.Outcome == Transition.HistoryOutcome.Rejected)) Reject("meeting", r.HistoryId, r.Violations);
            return response.Rejected;
        }, ct);
    }

    /// <summary>Sends the items in batches, at most <see cref="LoadOptions.Concurrency"/> calls at once; the call returns its rejections.</summary>
    private async Task<PathTiming> RunAsync<T>(string path, IReadOnlyList<T> items, int batchSize, Func<IReadOnlyList<T>, Task<int>> call, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var rejected = 0;
        try
        {
            await Parallel.ForEachAsync(items.Chunk(batchSize), new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = ct },
                async (batch, _) => Interlocked.Add(ref rejected, await call(batch)));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return new PathTiming(path, items.Count, items.Count, watch.Elapsed, "the service does not implement it yet (UNIMPLEMENTED)");
        }

        return new PathTiming(path, items.Count, rejected, watch.Elapsed);
    }

    private void Reject(string kind, string id, IEnumerable<Google.Rpc.BadRequest.Types.FieldViolation> violations) =>
        _rejections.Enqueue($"{kind} {id}: {string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"))}");
}

/// <summary>What the loader sends: a whole generated population, or a consistent sample of it (every n-th person with all they own).</summary>
public sealed record LoadInput(
    IReadOnlyList<GeneratedPerson> Persons,
    IReadOnlyList<Facts.FactRecord> Facts,
    IReadOnlyList<RoundHistory> Rounds,
    IReadOnlyList<Interventions.ParticipationHistoryRecord> Participations,
    IReadOnlyList<MeetingHistory> Meetings)
{
    public static LoadInput From(GeneratedPopulation population) => new(
        population.History.Persons, population.FactRecords, population.History.Rounds, population.History.Participations, population.History.Meetings);

    public int Records => Persons.Count + Facts.Count + Rounds.Count + Participations.Count + Meetings.Count;

    /// <summary>Every <paramref name="every"/>-th person and everything that belongs to them, so every reference stays resolvable.</summary>
    public LoadInput Sample(int every)
    {
        var keep = Persons.Where((_, i) => i % every == 0).ToList();
        var keys = keep.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return new LoadInput(keep, [.. Facts.Where(f => keys.Contains(f.PersonId))], [.. Rounds.Where(r => keys.Contains(r.PersonKey))],
            [.. Participations.Where(p => keys.Contains(p.PersonId))], [.. Meetings.Where(m => keys.Contains(m.PersonKey))]);
    }
}

/// <summary>The generated history as the services' history import records.</summary>
public static class HistoryRecords
{
    public static JointAssessment.JointAssessmentHistoryRecord Round(RoundHistory r, string personId)
    {
        var record = new JointAssessment.JointAssessmentHistoryRecord
        {
            HistoryId = r.Key, PersonId = personId, SickCaseId = r.SickCaseId, RoundNo = r.RoundNo, BenefitTypes = { r.Benefit }, Gender = r.Gender,
            FkOfficeId = PopulationGenerator.FkOffice, AfOfficeId = PopulationGenerator.AfOffice, AfOfficerId = PopulationGenerator.AfOfficer,
            OpenedDate = D(r.OpenedDate),
            ConsentGivenDate = D(r.OpenedDate), OpenedRecordedAt = T(r.OpenedRecordedAt),
            Meetings =
            {
                new JointAssessment.JointAssessmentHistoryMeeting
                {
                    HeldDate = D(r.FirstMeetingDate), Mode = JointAssessment.MeetingMode.Physical, RecordedAt = T(r.FirstMeetingRecordedAt),
                    Participants = { JointAssessment.Participant.Individual, JointAssessment.Participant.FkCaseOfficer, JointAssessment.Participant.AfOfficer },
                },
            },
        };
        record.Conclusion = r.PlanAgreed
            ? new JointAssessment.JointAssessmentHistoryConclusion
            {
                Conclusion = JointAssessment.Conclusion.PlanAgreed, ConcludedDate = D(r.ConcludedDate),
                LabourMarketAssessment = new JointAssessment.LabourMarketAssessment
                {
                    IllnessImpact = "Synthetic", AdaptationNeeds = "Synthetic", AssessedDate = D(r.FirstMeetingDate),
                },
                ActivityLevel = new JointAssessment.ActivityLevel
                {
                    HoursPerWeek = 10, Stability = JointAssessment.Stability.Stable, AssessedDate = D(r.FirstMeetingDate),
                },
                Goals = { new JointAssessment.Goal { Description = "Work 25 %" } },
                FirstOrientation = JointAssessment.FirstOrientation.WorkPreparatory,
            }
            : new JointAssessment.JointAssessmentHistoryConclusion
            {
                Conclusion = JointAssessment.Conclusion.NotProceeding, ConcludedDate = D(r.ConcludedDate),
                NotProceedingReasons = { JointAssessment.NotProceedingReason.NotReadyForRehabilitation },
            };
        record.Conclusion.RecordedAt = T(r.ConcludedRecordedAt);
        return record;
    }

    /// <summary>
    /// A held meeting: opened ten days before (an AE refusal's meeting at the refusal's decision, as the service triggers it), offered
    /// the day after, held; every step recorded when the generated MeetingHeld was (the source recorded the meeting's life then).
    /// </summary>
    public static Transition.MeetingHistoryRecord Meeting(MeetingHistory m, string personId)
    {
        var contact = m.Type == Transition.MeetingType.ContactMeeting;
        var refusal = m.Refusal is { BenefitDecision: { } d } fact && m.Benefit == Common.BenefitType.ActivityCompensation ? fact : null;
        var opened = refusal?.BenefitDecision.DecisionDate is { } decided ? new DateOnly(decided.Year, decided.Month, decided.Day) : m.HeldDate.AddDays(-10);
        var at = T(m.HeldRecordedAt);
        var record = new Transition.MeetingHistoryRecord
        {
            HistoryId = m.Key, PersonId = personId, MeetingType = m.Type, BenefitType = m.Benefit, Gender = m.Gender,
            FkOfficeId = PopulationGenerator.FkOffice, OpenedDate = refusal is null ? D(opened) : null, OpenedRecordedAt = at,
            SickCaseId = refusal is null ? "sc-" + m.Key : "",
            Trigger = contact ? Transition.TransitionTrigger.Unspecified
                : refusal is not null ? Transition.TransitionTrigger.ActivityCompensationRefused
                : Transition.TransitionTrigger.SicknessBenefitRefusalConsidered,
            RiskOfNotReturningToEmployer = contact,
            Offered = new Transition.MeetingHistoryStep { Date = D(opened.AddDays(1)), RecordedAt = at },
            Held = new Transition.MeetingHistoryHeld
            {
                HeldDate = D(m.HeldDate), Mode = Transition.MeetingMode.Physical, AfOfficeId = PopulationGenerator.AfOffice, RecordedAt = at,
                Participants = { Transition.Participant.Individual, Transition.Participant.FkCaseOfficer, Transition.Participant.AfOfficer },
            },
        };
        if (refusal is { BenefitDecision: { } decision })
            record.Refusal = new Transition.Refusal
            {
                SourceSystem = refusal.SourceSystem, RecordId = refusal.RecordId, DecisionDate = decision.DecisionDate, BenefitType = decision.BenefitType,
                FirstApplication = decision.FirstApplication, RehabChainDay = decision.RehabChainDay, LastBenefitDay = decision.LastBenefitDay,
                EmploymentStatus = decision.EmploymentStatus,
            };
        if (contact) record.ChainDay = new Transition.ChainDayObservation { SickCaseId = record.SickCaseId, RehabChainDay = 120, ChainDayDate = D(opened) };
        return record;
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp? T(DateTimeOffset? at) =>
        at is { } instant ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(instant) : null;

    private static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
