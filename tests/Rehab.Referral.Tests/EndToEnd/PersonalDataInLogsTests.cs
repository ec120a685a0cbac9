using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rehab.Contracts.Referral.V1;
using Xunit;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>
/// Identity numbers are personal data: the logs of a whole scenario, at Debug level, hold none, and every personal
/// read or change in it has its audit entry.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class PersonalDataInLogsTests
{
    [Fact]
    public async Task Every_personal_read_and_change_of_a_scenario_has_an_audit_entry_with_its_request_id()
    {
        await using var platform = await PlatformHost.StartAsync();
        var client = platform.Referrals;
        var calls = new List<string>();
        Grpc.Core.Metadata Fk()
        {
            var id = Guid.NewGuid().ToString();
            calls.Add(id);
            var headers = PlatformHost.As(Testing.DevTokens.FkOfficer(ReferralJourney.FkOffice));
            headers.Add("x-request-id", id);
            return headers;
        }

        var journey = new ReferralJourney(client);
        var r = await client.CreateReferralAsync(journey.NewRequest(), Fk());
        r = await client.AssessCooperationRelevanceAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(-20) }, Fk());
        await client.GetReferralAsync(new GetReferralRequest { ReferralId = r.ReferralId }, Fk());
        await client.ListReferralsAsync(new ListReferralsRequest { PageSize = 10 }, Fk());

        var referralTrail = new List<BuildingBlocks.Audit.AuditEntry>();
        await foreach (var record in platform.AuditOf("referral").ReadAllAsync()) referralTrail.Add(record.Entry);
        foreach (var requestId in calls)
            Assert.Contains(referralTrail, e => e.RequestId == requestId && e.UserId == "fk-officer-1");

        // The create resolved the identity number in the registry: audited there under the same request id.
        var registryTrail = new List<BuildingBlocks.Audit.AuditEntry>();
        await foreach (var record in platform.AuditOf("person-registry").ReadAllAsync()) registryTrail.Add(record.Entry);
        Assert.Contains(registryTrail, e => e.RequestId == calls[0] && e.RecordId == r.PersonId);
    }

    [Fact]
    public async Task The_logs_of_a_whole_scenario_contain_no_identity_number()
    {
        await using var platform = await PlatformHost.StartAsync();
        var journey = new ReferralJourney(platform.Referrals);
        var number = ReferralJourney.NewIdentityNumber();          // 19YYMMDD-NNNC
        var booked = await journey.ReceiveAsync(await journey.ToSentAsync(await journey.CreateAsync(journey.NewRequest(number))));
        await platform.Referrals.BookJointAssessmentAsync(journey.Booking(booked), journey.Af);
        await platform.Referrals.GetReferralAsync(new GetReferralRequest { ReferralId = booked.ReferralId }, journey.Fk);
        await platform.Referrals.ListReferralsAsync(new ListReferralsRequest(), journey.Fk);
        // Rejected input is logged too, if anywhere: a number with a wrong check digit must not appear either.
        var wrong = number[..^1] + (char)('0' + (number[^1] - '0' + 1) % 10);
        await Assert.ThrowsAnyAsync<Exception>(() => platform.Referrals.CreateReferralAsync(journey.NewRequest(wrong), journey.Fk).ResponseAsync);

        var forms = new[] { number, wrong }.SelectMany(n => new[] { n, n.Replace("-", ""), n[2..], n[2..].Replace("-", "") }).ToList();
        var lines = platform.Logs.Lines;
        Assert.True(lines.Count > 20, "the log capture saw almost nothing; the test would prove nothing");
        var leaks = lines.Where(l => forms.Any(f => l.Contains(f, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, "identity number in logs:\n" + string.Join("\n", leaks.Take(5)));

        // The capture itself works: a line written through a service's logger is seen.
        platform.ReferralServices.GetRequiredService<ILoggerFactory>().CreateLogger("probe").LogInformation("probe {Value}", "canary-42");
        Assert.Contains(platform.Logs.Lines, l => l.Contains("canary-42", StringComparison.Ordinal));
    }
}
