using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Reporting.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Column = Rehab.Contracts.Reporting.V1.Column;

namespace Rehab.ReportPage.Tests;

/// <summary>
/// Puts cases into the platform through the gateway, as officers and the agencies' import do: three rounds booked and held (the
/// capacity view and the lead times count them), sickness-benefit periods for two of the people (so Tabell 1 counts their first
/// GK); then waits until tracking and reporting have read the events.
/// </summary>
internal sealed class ReportData(PlatformHost platform)
{
    public const int Rounds = 3;
    public const int WithBenefitPeriod = 2;

    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(40);

    /// <summary>The year the first meetings (four days ago) fall in: the report year.</summary>
    public static int Year { get; } = ReferralJourney.Today.AddDays(-4).Year;

    public async Task PutAsync()
    {
        var journey = new RoundJourney(platform);
        var importer = PlatformHost.As(DevTokens.ForRole(Role.System), "agency facts import");
        for (var i = 0; i < Rounds; i++)
        {
            var booked = await journey.BookAsync(-5);
            var round = await journey.RoundOfAsync(booked.ReferralId);
            await journey.HoldAsync(round, "m1", -4);
            if (i >= WithBenefitPeriod) continue;

            var recordId = "bp-" + round.JointAssessmentId;
            var record = new FactRecord
            {
                RecordId = recordId, Person = new PersonReference { PersonId = booked.PersonId }, EffectiveDate = ReferralJourney.Day(-300),
                RecordedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
                BenefitPeriod = new BenefitPeriod { BenefitPeriodId = recordId, BenefitType = BenefitType.SicknessBenefit, StartDate = ReferralJourney.Day(-300) },
            };
            var imported = await platform.Facts.ImportFactsAsync(
                new ImportFactsRequest { BatchId = recordId, SourceSystem = "fk-mica", Records = { record } }, importer);
            Assert.Equal(1, imported.Recorded);
        }

        var analyst = PlatformHost.As(DevTokens.ForRole(Role.Analyst), null);
        var period = Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var statistics = await platform.Tracking.GetLeadTimeStatisticsAsync(new GetLeadTimeStatisticsRequest { LeadTimeIds = { "LT5" } }, analyst);
            return statistics.Rows.Any(r => r.Period == period && r.Count >= Rounds);
        }, Delivery), "tracking did not count the first meetings");
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var capacity = await platform.Reporting.GetCapacityAsync(new GetCapacityRequest { Year = Year }, analyst);
            var report = await platform.Reporting.GetAnnualReportAsync(new GetAnnualReportRequest { Year = Year, TableIds = { "000.1" } }, analyst);
            var gks = report.Tables.Single().Cells.Single(c => c.Row == "Total.gk_count" && c.Column == Column.Total);
            return capacity.YearToDate >= Rounds && gks.HasValue && gks.Value >= WithBenefitPeriod;
        }, Delivery), "reporting did not count the rounds and the benefit periods");
    }
}
