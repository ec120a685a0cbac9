using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Security;
using Rehab.BuildingBlocks.Tests.Security;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Audit;

[Trait("Tier", "Redis")]
public sealed class PersonalDataAuditTests
{
    [Fact]
    public async Task A_read_in_an_authorized_call_is_audited_with_the_callers_who_why_and_request()
    {
        await using var host = await SecuredCatalogHost.StartAsync(redisPrefix: RedisServer.NewPrefix());
        var headers = DevTokens.Headers(DevTokens.AfOfficer("af-office-3"), purpose: "book joint assessment");
        headers.Add(RehabHeaders.RequestId, "req-77");
        headers.Add("x-test-audit-record", "0196a3b2-1111-7000-8000-000000000003");

        await host.CallAsync("/rehab.referral.v1.ReferralService/GetReferral", headers);

        var trail = host.Services.GetRequiredService<IAuditTrail>();
        var record = Assert.Single(await trail.ReadAllAsync().ToListAsync());
        Assert.Equal(
            new
            {
                UserId = "af-officer-1", Organisation = "AF", Role = Role.AfEmploymentOfficer, Action = AuditAction.Read,
                RecordType = "Referral", RecordId = "0196a3b2-1111-7000-8000-000000000003", Purpose = "book joint assessment",
                RequestId = "req-77",
            },
            new
            {
                record.Entry.UserId, record.Entry.Organisation, record.Entry.Role, record.Entry.Action,
                record.Entry.RecordType, record.Entry.RecordId, record.Entry.Purpose, record.Entry.RequestId,
            });
        Assert.Equal(["state", "person_id"], record.Entry.Fields);
        Assert.True((await trail.VerifyAsync()).IsValid);
    }
}
