using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Reporting.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Reporting.Tests.EndToEnd;

/// <summary>A platform running two reporting services (as the chart's replicas and a rolling update do).</summary>
public sealed class TwoReportingReplicasFixture : IAsyncLifetime
{
    public PlatformHost Platform { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Platform = await PlatformHost.StartAsync(options: new PlatformOptions(Tracking: false, LogLevel: LogLevel.Information, ReportingReplicas: 2));

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

/// <summary>
/// Two reporting services share one consumer group per topic, so each stores only the events its consumer is handed; the annual
/// report and the capacity view read from either must still be those of every event.
/// </summary>
[Trait("Tier", "Redis")]
[Collection(SharedTopics.Name)]
public sealed class ReportingReplicasTests(TwoReportingReplicasFixture fixture) : IClassFixture<TwoReportingReplicasFixture>
{
    private static readonly int Year = ReferralJourney.Today.AddDays(-4).Year;
    private PlatformHost Platform => fixture.Platform;
    private static Metadata Analyst => PlatformHost.As(DevTokens.ForRole(Role.Analyst), null);

    [Fact]
    public async Task Each_replica_reports_on_every_event_whichever_replica_stored_it()
    {
        var journey = new RoundJourney(Platform);
        for (var i = 0; i < 6; i++)
        {
            var booked = await journey.BookAsync(-5);
            await journey.HoldAsync(await journey.RoundOfAsync(booked.ReferralId), "m1", -4);
        }
        Assert.True(await Platform.WaitUntilQuietAsync(TimeSpan.FromMinutes(2)), "the platform did not deliver everything");
        var asOf = DateTimeOffset.UtcNow;

        var channels = Platform.ReportingReplicas.Select(r => GrpcChannel.ForAddress(r.GrpcAddress)).ToList();
        try
        {
            var replicas = channels.Select(c => new ReportingService.ReportingServiceClient(c)).ToList();
            Assert.Equal(2, replicas.Count);
            // The whole set: a store rebuilt from every event in the log, as a single replica would hold it.
            var whole = new ReportInputStore(Platform.ReportingServices.GetRequiredService<KeyedAppendLog>(), NullLogger<ReportInputStore>.Instance);
            await whole.StartAsync(CancellationToken.None);
            try
            {
                await whole.Ready;
                var (reports, expected, capacities) = (new List<AnnualReport>(), (AnnualReport?)null, new List<Capacity>());
                // Events of other platforms on the shared topics may still arrive; all reads must agree once they did.
                var agreed = await Eventually.TrueAsync(async () =>
                {
                    reports.Clear();
                    capacities.Clear();
                    foreach (var replica in replicas)
                    {
                        reports.Add(await replica.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, AsOf = Timestamp.FromDateTimeOffset(asOf) }, Analyst));
                        capacities.Add(await replica.GetCapacityAsync(new GetCapacityRequest { Year = Year, AsOf = Timestamp.FromDateTimeOffset(asOf) }, Analyst));
                    }
                    expected = Domain.Reports.Annual(await whole.RowsAsync(CancellationToken.None), new Domain.ReportQuery(Year, asOf, [], null),
                        Domain.ReportParameters.Default, 5).ToContract(null);
                    return reports.All(r => r.Equals(expected)) && capacities.All(c => c.Equals(capacities[0]));
                }, TimeSpan.FromSeconds(30));
                Assert.True(agreed, "the replicas' reports differ from each other or from the whole set's");
                Assert.True(capacities[0].YearToDate >= 6, $"the held rounds are missing: {capacities[0].YearToDate}");
            }
            finally
            {
                await whole.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            foreach (var channel in channels) channel.Dispose();
        }
    }
}
