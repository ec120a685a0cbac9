using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Reporting.V1;
using Rehab.Reporting.Inputs;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Column = Rehab.Contracts.Reporting.V1.Column;
using ContractEvent = Rehab.Reporting.Inputs.ContractEvent;

namespace Rehab.Reporting.Tests.EndToEnd;

/// <summary>
/// The reporting service on the whole platform, through the gateway with an Analyst token: rounds booked and held through the
/// referral and joint-assessment services, facts through the facts import; the reporting service reads their events from the
/// topics. The counts are asserted in one scenario (the platform is shared by the class, so other tests assert no counts).
/// </summary>
[Trait("Tier", "Redis")]
[Collection(SharedTopics.Name)]
public sealed class ReportsThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly int Year = ReferralJourney.Today.AddDays(-4).Year;
    private PlatformHost Platform => fixture.Platform;
    private static Metadata Analyst => PlatformHost.As(DevTokens.ForRole(Role.Analyst), null);
    private static Metadata Importer => PlatformHost.As(DevTokens.ForRole(Role.System), "agency facts import");
    private const string Gks = "Total.gk_count";

    [Fact]
    public async Task A_late_fact_changes_the_next_report_leaves_the_earlier_as_of_as_it_was_and_the_diff_names_the_cell_and_the_fact()
    {
        var journey = new RoundJourney(Platform);
        var a = await HeldRoundAsync(journey);
        var b = await HeldRoundAsync(journey);
        await ImportPeriodAsync(a.PersonId, "bp-" + a.JointAssessmentId, DateTimeOffset.UtcNow.AddHours(-1));

        // Both GKs reached reporting (capacity counts every held first meeting); only A has a benefit period, so Tabell 1 counts one.
        Assert.True(await Eventually.TrueAsync(async () => (await CapacityAsync()).YearToDate == 2 && await GksAsync(null) == 1, TimeSpan.FromSeconds(40)),
            "the rounds and the fact did not reach the report");
        var capacity = await CapacityAsync();
        // Both case offices are in Stockholm: 2 joint assessments, below the small-cell threshold of 5.
        var stockholm = capacity.Regions.Single(r => r.RegionId == "stockholm");
        Assert.True(stockholm.Suppressed && !stockholm.HasYearToDate && !stockholm.HasProjectedForYear);
        Assert.Equal(0, capacity.Regions.Single(r => r.RegionId == "skane").YearToDate);
        Assert.Equal(10_000, capacity.PlannedForYear);

        var t1 = DateTimeOffset.UtcNow;
        await Task.Delay(1100); // the facts feed keeps recorded_at to the second
        var before = await ReportAsync(t1);

        // Late: B's benefit period, recorded after t1.
        var lateRecord = "bp-" + b.JointAssessmentId;
        await ImportPeriodAsync(b.PersonId, lateRecord, DateTimeOffset.UtcNow);
        Assert.True(await Eventually.TrueAsync(async () => await GksAsync(null) == 2, TimeSpan.FromSeconds(40)), "the late fact did not reach the report");

        var again = await ReportAsync(t1);
        Assert.Equal(before, again);
        var diff = await Platform.Reporting.DiffAnnualReportsAsync(new DiffAnnualReportsRequest { Year = Year, FromAsOf = Timestamp.FromDateTimeOffset(t1) }, Analyst);
        var total = diff.Changes.Single(c => c.TableId == "000.1" && c.Row == Gks && c.Column == Column.Total);
        Assert.Equal(1, total.FromValue);
        Assert.Equal(2, total.ToValue);
        var fact = Assert.Single(total.LateFacts);
        Assert.Equal("fk-mica/" + lateRecord, fact.Reference);
        Assert.Equal("BenefitPeriodFact", fact.Kind);
        Assert.Contains(diff.Changes, c => c.TableId == "000.1" && c.Row == Gks && c.Column == Column.Women);
        Assert.DoesNotContain(diff.Changes, c => c.Row == Gks && c.Column == Column.Men);
        Assert.All(diff.Changes.SelectMany(c => c.LateFacts), f => Assert.Equal("fk-mica/" + lateRecord, f.Reference));

        // The region breakdown: both persons' case office is in Stockholm; 2 < the threshold of 5, so the cell is suppressed.
        var regional = await Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, RegionId = "stockholm", TableIds = { "000.1" } }, Analyst);
        var cell = regional.Tables.Single().Cells.Single(c => c.Row == Gks && c.Column == Column.Total);
        Assert.True(cell.Suppressed);
        Assert.False(cell.HasValue);
        Assert.False(cell.HasNumerator);

        // A duplicate delivery (same CloudEvent id) through the store changes nothing; a cold start from Redis gives the same report.
        var store = Platform.ReportingServices.GetRequiredService<ReportInputStore>();
        await store.RowsAsync(CancellationToken.None);
        var events = store.EventCount;
        var stored = await FirstStoredEventAsync();
        Assert.False(await store.AppendAsync(stored));
        await store.RowsAsync(CancellationToken.None);
        Assert.Equal(events, store.EventCount);
        Assert.Equal(2, await GksAsync(null));

        var now = DateTimeOffset.UtcNow;
        var warm = await ReportAsync(now);
        var cold = new ReportInputStore(Platform.ReportingServices.GetRequiredService<KeyedAppendLog>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ReportInputStore>.Instance);
        await cold.StartAsync(CancellationToken.None);
        await cold.Ready;
        await store.RowsAsync(CancellationToken.None);
        Assert.Equal(store.EventCount, cold.EventCount);
        var coldReport = Domain.Reports.Annual(await cold.RowsAsync(CancellationToken.None), new Domain.ReportQuery(Year, now, [], null),
            Domain.ReportParameters.Default, 5).ToContract(null);
        Assert.Equal(warm, coldReport);
        await cold.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_csv_export_and_the_json_route_carry_the_same_cells_as_grpc()
    {
        // Backdated history still being delivered (see SharedTopics) would change the as-of report between the three reads.
        Assert.True(await Platform.WaitUntilQuietAsync(TimeSpan.FromMinutes(2)), "the platform did not deliver everything");
        var asOf = DateTimeOffset.UtcNow;
        var report = await ReportAsync(asOf);
        var http = Platform.GatewayHttp;
        var at = Uri.EscapeDataString(asOf.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

        using var csvRequest = AnalystRequest($"/v1/reports/annual/{Year}/csv?asOf={at}");
        using var csvResponse = await http.SendAsync(csvRequest);
        Assert.True(csvResponse.IsSuccessStatusCode, await csvResponse.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var lines = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("# parameter small_cell_threshold = 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("# definition 000.5 *", StringComparison.Ordinal));
        var data = lines.Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(ReportingMapping.CsvHeader, data[0]);
        var expected = report.Tables.SelectMany(t => t.Cells.Select(c => (t.TableId, c.Row, c.Column.ToString(), c.HasValue ? c.Value : (double?)null, c.HasNumerator ? c.Numerator : (long?)null)))
            .ToList();
        var parsed = data.Skip(1).Select(ParseCsv).Select(f => (f[0], f[2], f[3],
            f[5].Length == 0 ? (double?)null : double.Parse(f[5], CultureInfo.InvariantCulture),
            f[6].Length == 0 ? (long?)null : long.Parse(f[6], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(expected, parsed);

        using var jsonRequest = AnalystRequest($"/v1/reports/annual/{Year}?asOf={at}&tableIds=000.4");
        using var jsonResponse = await http.SendAsync(jsonRequest);
        Assert.True(jsonResponse.IsSuccessStatusCode, await jsonResponse.Content.ReadAsStringAsync());
        var fromJson = AnnualReport.Parser.ParseJson(await jsonResponse.Content.ReadAsStringAsync());
        Assert.Equal(report.Tables.Single(t => t.TableId == "000.4"), fromJson.Tables.Single());
        Assert.Contains(fromJson.Definitions, d => d.TableId == "*");
    }

    [Fact]
    public async Task An_analyst_gets_aggregates_only_and_no_person_level_rpc()
    {
        var journey = new RoundJourney(Platform);
        var referral = await journey.Referral.CreateAsync();
        var report = await Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year }, Analyst);
        // Every field of the response is a table id, row id, enum, number, definition or parameter: no identifier of a person.
        var json = JsonFormatterText(report);
        Assert.DoesNotContain(referral.PersonId, json, StringComparison.Ordinal);
        foreach (var service in ReportingService.Descriptor.Methods)
            Assert.DoesNotContain(FieldNames(service.OutputType), f => f.Contains("person", StringComparison.Ordinal) || f.Contains("identity", StringComparison.Ordinal));

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => Platform.Referrals.GetReferralAsync(new Contracts.Referral.V1.GetReferralRequest { ReferralId = referral.ReferralId }, PlatformHost.As(DevTokens.ForRole(Role.Analyst))).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => Platform.Tracking.GetPersonTimelineAsync(new Contracts.Tracking.V1.GetPersonTimelineRequest { PersonId = referral.PersonId }, PlatformHost.As(DevTokens.ForRole(Role.Analyst))).ResponseAsync);
    }

    [Fact]
    public async Task Bad_requests_name_the_field()
    {
        var e = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "year", () => Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = 1999 }, Analyst).ResponseAsync);
        Assert.Equal("year", RpcAssert.ViolatedField(e));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "table_ids",
            () => Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, TableIds = { "000.9" } }, Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "as_of",
            () => Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, AsOf = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)) }, Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "region_id",
            () => Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, RegionId = "atlantis" }, Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "from_as_of",
            () => Platform.Reporting.DiffAnnualReportsAsync(new DiffAnnualReportsRequest { Year = Year }, Analyst).ResponseAsync);
    }

    private async Task<Contracts.JointAssessment.V1.JointAssessment> HeldRoundAsync(RoundJourney journey)
    {
        var booked = await journey.BookAsync(-5);
        var round = await journey.RoundOfAsync(booked.ReferralId);
        return await journey.HoldAsync(round, "m1", -4);
    }

    private async Task ImportPeriodAsync(string personId, string recordId, DateTimeOffset recordedAt)
    {
        var record = new FactRecord
        {
            RecordId = recordId, Person = new PersonReference { PersonId = personId }, EffectiveDate = ReferralJourney.Day(-300),
            RecordedAt = Timestamp.FromDateTimeOffset(recordedAt),
            BenefitPeriod = new BenefitPeriod { BenefitPeriodId = recordId, BenefitType = BenefitType.SicknessBenefit, StartDate = ReferralJourney.Day(-300) },
        };
        var response = await Platform.Facts.ImportFactsAsync(new ImportFactsRequest { BatchId = recordId, SourceSystem = "fk-mica", Records = { record } }, Importer);
        Assert.Equal(1, response.Recorded);
    }

    private async Task<AnnualReport> ReportAsync(DateTimeOffset asOf) =>
        await Platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, AsOf = Timestamp.FromDateTimeOffset(asOf) }, Analyst);

    private async Task<Capacity> CapacityAsync() => await Platform.Reporting.GetCapacityAsync(new GetCapacityRequest { Year = Year }, Analyst);

    private async Task<double?> GksAsync(DateTimeOffset? asOf)
    {
        var request = new GetAnnualReportRequest { Year = Year, TableIds = { "000.1" } };
        if (asOf is { } at) request.AsOf = Timestamp.FromDateTimeOffset(at);
        var cell = (await Platform.Reporting.GetAnnualReportAsync(request, Analyst)).Tables.Single().Cells.Single(c => c.Row == Gks && c.Column == Column.Total);
        return cell.HasValue ? cell.Value : null;
    }

    private async Task<ContractEvent> FirstStoredEventAsync()
    {
        var reader = Platform.JointAssessmentServices.GetRequiredService<EventLogReader>();
        await foreach (var e in reader.ReadAllAsync("jointassessment"))
            if (e.Type == Contracts.JointAssessment.V1.JointAssessmentOpened.Descriptor.FullName)
                return new ContractEvent(e.Id, e.Type, e.Unpack(ContractCatalog.Events), e.Time);
        throw new InvalidOperationException("no JointAssessmentOpened in the log");
    }

    private HttpRequestMessage AnalystRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.For(DevTokens.ForRole(Role.Analyst)));
        return request;
    }

    private static IEnumerable<string> FieldNames(Google.Protobuf.Reflection.MessageDescriptor message, int depth = 0) =>
        depth > 5 ? [] : message.Fields.InDeclarationOrder().SelectMany(f =>
            f.FieldType == Google.Protobuf.Reflection.FieldType.Message ? [f.Name, .. FieldNames(f.MessageType, depth + 1)] : new[] { f.Name });

    private static string JsonFormatterText(Google.Protobuf.IMessage message) => Google.Protobuf.JsonFormatter.Default.Format(message);

    /// <summary>RFC 4180 fields of one record (quotes doubled inside quoted fields).</summary>
    private static List<string> ParseCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
