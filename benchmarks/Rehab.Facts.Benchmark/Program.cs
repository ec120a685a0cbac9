using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Facts.V1;

// Rehab.Facts.Benchmark <facts gRPC address> [facts=300000] [batch=1000] [concurrency=4]
// Imports a synthetic year of national history (per person: a sick case with its chain day, a sickness-benefit period, a
// refusal with its last benefit day, and for every other person an AF registration spell; identity numbers, so the person
// registry registers every person on first sight), then sends everything again (a no-op), and prints facts per second.
// Auth settings come from the environment (Auth__DevSigningKey, Auth__Issuer), as for the services.
var address = args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5108";
var total = int.Parse(args.ElementAtOrDefault(1) ?? "300000", CultureInfo.InvariantCulture);
var batchSize = int.Parse(args.ElementAtOrDefault(2) ?? "1000", CultureInfo.InvariantCulture);
var concurrency = int.Parse(args.ElementAtOrDefault(3) ?? "4", CultureInfo.InvariantCulture);

var auth = new AuthOptions
{
    Issuer = Environment.GetEnvironmentVariable("Auth__Issuer") ?? "https://rehab.local/dev-issuer",
    Audience = Environment.GetEnvironmentVariable("Auth__Audience") ?? "rehab-platform",
    DevSigningKey = Environment.GetEnvironmentVariable("Auth__DevSigningKey") ?? throw new InvalidOperationException("Auth__DevSigningKey is not set"),
};
var token = new DevTokenIssuer(auth, TimeProvider.System).Issue(new DevCaller("benchmark-import", [Role.System], Organisations.Fk));
var headers = new Metadata { { "authorization", "Bearer " + token }, { RehabHeaders.Purpose, "agency facts import" } };

using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 16 * 1024 * 1024 });
var client = new FactsService.FactsServiceClient(channel);

var records = History.Generate(total);
var batches = records.Chunk(batchSize).Select((chunk, i) =>
{
    var request = new ImportFactsRequest { BatchId = $"bench-{i}", SourceSystem = "fk-mica" };
    request.Records.AddRange(chunk);
    return request;
}).ToList();
Console.WriteLine($"facts import benchmark: {records.Count} facts about {History.Persons(total)} persons in {batches.Count} batches of {batchSize}, {concurrency} concurrent calls, to {address}");

await Run("first import (new facts, persons registered on first sight)", expectNew: true);
await Run("resend of every batch (idempotent: nothing changes)", expectNew: false);
return 0;

async Task Run(string label, bool expectNew)
{
    var watch = Stopwatch.StartNew();
    long recorded = 0, unchanged = 0, rejected = 0;
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (batch, ct) =>
    {
        var response = await client.ImportFactsAsync(batch, headers, cancellationToken: ct);
        Interlocked.Add(ref recorded, response.Recorded + response.Corrected);
        Interlocked.Add(ref unchanged, response.Unchanged);
        Interlocked.Add(ref rejected, response.Rejected);
        if (response.Rejected > 0)
        {
            var first = response.Results.First(r => r.Outcome == RecordOutcome.Rejected);
            Console.Error.WriteLine($"  rejected in {batch.BatchId}: {first.RecordId}: {string.Join("; ", first.Violations.Select(v => v.Field + " " + v.Description))}");
        }
    });
    watch.Stop();
    var rate = records.Count / watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{label}: {records.Count} facts in {watch.Elapsed.TotalSeconds:F1} s = {rate:F0} facts/second " +
                      $"(recorded {recorded}, unchanged {unchanged}, rejected {rejected})");
    if (expectNew ? recorded != records.Count : unchanged != records.Count)
        throw new InvalidOperationException("the import did not do what was expected; see above");
}

/// <summary>A synthetic national history: 3.5 facts per person on average, spread over the last year.</summary>
internal static class History
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public static int Persons(int facts) => (int)Math.Ceiling(facts / 3.5);

    public static List<FactRecord> Generate(int total)
    {
        var random = new Random(4711);
        var records = new List<FactRecord>(total);
        for (var p = 0; records.Count < total; p++)
        {
            var person = new PersonReference { IdentityNumber = IdentityNumberFor(p) };
            var start = Today.AddDays(-random.Next(230, 365));
            var refused = start.AddDays(random.Next(150, 190));
            var recorded = DateTimeOffset.UtcNow.AddDays(-1).AddSeconds(-p);
            FactRecord Record(string kind, DateOnly effective, int minutes) => new()
            {
                RecordId = $"{kind}-{p}", Person = person, EffectiveDate = effective.ToProto(),
                RecordedAt = Timestamp.FromDateTimeOffset(recorded.AddMinutes(minutes)),
            };

            var sick = Record("sc", start, 0);
            sick.SickCase = new SickCase { SickCaseId = $"SC-{p}", StartDate = start.ToProto(), RehabChainDay = 180, ChainDayDate = start.AddDays(179).ToProto() };
            var period = Record("bp", start, 1);
            period.BenefitPeriod = new BenefitPeriod
            {
                BenefitPeriodId = $"BP-{p}", BenefitType = BenefitType.SicknessBenefit, StartDate = start.ToProto(), EndDate = refused.AddDays(1).ToProto(),
                SickCaseId = $"SC-{p}",
            };
            var refusal = Record("bd", refused, 2);
            refusal.BenefitDecision = new BenefitDecision
            {
                BenefitDecisionId = $"BD-{p}", Kind = DecisionKind.Refusal, DecisionDate = refused.ToProto(), BenefitType = BenefitType.SicknessBenefit,
                RehabChainDay = (int)(refused.DayNumber - start.DayNumber) + 1, LastBenefitDay = refused.AddDays(1).ToProto(),
                EmploymentStatus = EmploymentStatus.Unemployed, SickCaseId = $"SC-{p}",
            };
            records.AddRange([sick, period, refusal]);
            if (p % 2 == 0)
            {
                var registered = refused.AddDays(random.Next(1, 25));
                var spell = Record("rs", registered, 3);
                spell.SourceSystem = "af-midas";
                spell.RegistrationSpell = new AfRegistrationSpell
                {
                    RegistrationSpellId = $"RS-{p}", RegistrationDate = registered.ToProto(), SkatCode = "11",
                    RegistrationStatus = RegistrationStatus.InCooperation, AfOfficeId = $"af-office-{p % 40}",
                };
                records.Add(spell);
            }
        }

        return records.Take(total).ToList();
    }

    /// <summary>A valid personnummer per index: born 1950–1999, serial and Luhn check digit.</summary>
    private static string IdentityNumberFor(int index)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(index % 18000);
        var serial = index / 18000 % 1000;
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{serial:D3}";
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }

        return $"{birth.Year:D4}{nine[2..6]}-{nine[6..]}{(10 - sum % 10) % 10}";
    }
}
