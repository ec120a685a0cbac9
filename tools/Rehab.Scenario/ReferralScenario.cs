using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Referral.V1;

namespace Rehab.Scenario;

/// <summary>
/// A realistic referral, end to end through the gateway: FK identifies the need, prepares, asks consent and
/// sends the request; AF receives and books the first joint-assessment meeting; FK lists its office's referrals.
/// </summary>
public static class ReferralScenario
{
    // Skatteverket's published test personnummer; never printed.
    private const string TestIdentityNumber = "19121212-1212";

    public static async Task<int> RunAsync(Uri gateway, TextWriter output)
    {
        var auth = ScenarioAuth.FromEnvironment();
        var tokens = new DevTokenIssuer(auth, TimeProvider.System);
        var fk = Headers(tokens.Issue(new DevCaller("fk-handlaggare-17", [Role.FkCaseOfficer], Organisations.Fk, ["fk-stockholm-city"], Name: "FK case officer")));
        var af = Headers(tokens.Issue(new DevCaller("af-arbetsformedlare-4", [Role.AfEmploymentOfficer], Organisations.Af, ["af-stockholm-syd"], Name: "AF employment officer")));

        using var channel = GrpcChannel.ForAddress(gateway);
        var client = new ReferralService.ReferralServiceClient(channel);
        var today = CivilTime.Today(TimeProvider.System);
        Google.Type.Date Day(int offset) => today.AddDays(offset).ToProto();

        void Show(string step, Contracts.Referral.V1.Referral r) =>
            output.WriteLine($"  {step,-38} state={r.State,-34} etag={r.Etag}");

        output.WriteLine($"Scenario: a referral from FK to AF through the gateway at {gateway}");
        var sickCase = "SC-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var create = new CreateReferralRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            IdentityNumber = TestIdentityNumber,
            SickCaseId = sickCase,
            SickCaseStartDate = Day(-200),
            Gender = Gender.Woman,
            FkOfficeId = "fk-stockholm-city",
            ImpulseSource = ImpulseSource.Fk,
            HasEmployer = true,
            EffectiveDate = Day(-30),
        };
        create.BenefitTypes.Add(BenefitType.SicknessBenefit);
        var r = await client.CreateReferralAsync(create, fk);
        Show("FK: rehabilitation need identified", r);
        output.WriteLine($"    referral_id={r.ReferralId} person_id={r.PersonId} sick_case_id={r.SickCaseId}");

        r = await client.AssessCooperationRelevanceAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-25) }, fk);
        Show("FK: cooperation relevance assessed", r);
        r = await client.RecordPreparatoryContactAsync(new()
        {
            ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-21), ContactType = PreparatoryContactType.PersonalMeeting,
        }, fk);
        Show("FK: personal preparatory meeting", r);
        r = await client.RuleOutEmployerAdaptationAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-20) }, fk);
        Show("FK: employer adaptation ruled out", r);
        r = await client.RequestConsentAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-15) }, fk);
        Show("FK: consent requested", r);
        r = await client.RecordConsentDecisionAsync(new()
        {
            ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-12), Decision = ConsentState.Given, Channel = Channel.InPerson,
        }, fk);
        Show("FK: consent given (on the individual's behalf)", r);
        r = await client.SendRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-10) }, fk);
        Show("FK: joint assessment requested", r);
        r = await client.ReceiveRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-7) }, af);
        Show("AF: request received", r);
        var meeting = CivilTime.StartOfDay(today.AddDays(14)).AddHours(10);
        r = await client.BookJointAssessmentAsync(new()
        {
            ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(0), MeetingAt = Timestamp.FromDateTimeOffset(meeting),
            AfOfficeId = "af-stockholm-syd", AfOfficerId = "af-arbetsformedlare-4",
        }, af);
        Show("AF: joint assessment booked", r);
        output.WriteLine($"    first meeting {meeting:yyyy-MM-dd HH:mm zzz} at {r.Booking.AfOfficeId} with {r.Booking.AfOfficerId}");

        var list = await client.ListReferralsAsync(new ListReferralsRequest { OfficeId = "fk-stockholm-city", PageSize = 5 }, fk);
        output.WriteLine($"  FK: ListReferrals(office=fk-stockholm-city) -> {list.Referrals.Count} shown");
        foreach (var item in list.Referrals)
            output.WriteLine($"    {item.ReferralId}  {item.State,-30} need identified {item.NeedIdentifiedDate.Year:D4}-{item.NeedIdentifiedDate.Month:D2}-{item.NeedIdentifiedDate.Day:D2}");

        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        foreach (var service in Rehab.Contracts.ContractCatalog.Services)
        {
            var status = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = service.FullName });
            output.WriteLine($"  gateway health {service.FullName,-40} {status.Status}");
        }

        output.WriteLine("Scenario completed.");
        return 0;
    }

    private static Metadata Headers(string token) => new()
    {
        { "authorization", "Bearer " + token },
        { RehabHeaders.Purpose, "local scenario: case handling" },
        { "x-request-id", Guid.NewGuid().ToString() },
    };
}

/// <summary>The development issuer's settings, from the same environment variables the services read.</summary>
public static class ScenarioAuth
{
    public static AuthOptions FromEnvironment() => new()
    {
        Issuer = Environment.GetEnvironmentVariable("Auth__Issuer") ?? "https://rehab.local/dev-issuer",
        Audience = Environment.GetEnvironmentVariable("Auth__Audience") ?? "rehab-platform",
        DevSigningKey = Environment.GetEnvironmentVariable("Auth__DevSigningKey")
            ?? throw new InvalidOperationException("Auth__DevSigningKey is not set (./run.sh writes it to .local/dev-signing-key)"),
    };
}
