using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.ReportPage.Tests;

/// <summary>Puts cases into the platform through the gateway, as officers do, and waits until the reports count them.</summary>
internal sealed class ReportData(PlatformHost platform)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(40);

    public async Task PutAsync(int year)
    {
        var journey = new RoundJourney(platform);
        for (var i = 0; i < 2; i++)
        {
            var booked = await journey.BookAsync(0);
            var round = await journey.RoundOfAsync(booked.ReferralId);
            await journey.HoldAsync(round, "m1", 0);
        }

        var analyst = PlatformHost.As(DevTokens.ForRole(Role.Analyst));
        var period = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var statistics = await platform.Tracking.GetLeadTimeStatisticsAsync(new GetLeadTimeStatisticsRequest { LeadTimeIds = { "LT5" } }, analyst);
            return statistics.Rows.Any(r => r.Period == period && r.Count >= 2);
        }, Delivery), "tracking did not count the two first meetings");
    }
}
