using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;

namespace Rehab.Testing.Platform;

/// <summary>Drives a referral through the gateway the way FK and AF officers do (at <paramref name="fkOffice"/>, its officer's token).</summary>
public sealed class ReferralJourney(ReferralService.ReferralServiceClient client, string fkOffice = ReferralJourney.FkOffice)
{
    public const string FkOffice = "fk-office-1";
    public const string AfOffice = "af-office-1";

    public static readonly DateOnly Today = CivilTime.Today(TimeProvider.System);

    public Metadata Fk { get; } = PlatformHost.As(DevTokens.FkOfficer(fkOffice));

    public Metadata Af { get; } = PlatformHost.As(DevTokens.AfOfficer(AfOffice));

    public static Google.Type.Date Day(int offset) => Today.AddDays(offset).ToProto();

    /// <summary>A valid personnummer that no other test uses (born 1950–1999, random serial).</summary>
    public static string NewIdentityNumber()
    {
        var random = Random.Shared;
        while (true)
        {
            var nine = $"{random.Next(50, 100):D2}{random.Next(1, 13):D2}{random.Next(1, 29):D2}{random.Next(0, 1000):D3}";
            for (var check = 0; check < 10; check++)
            {
                var candidate = nine + check;
                if (IdentityNumber.TryParse(candidate, Today, out var parsed, out _)) return "19" + candidate[..6] + "-" + candidate[6..];
            }
        }
    }

    public CreateReferralRequest NewRequest(string? identityNumber = null, string? sickCase = null)
    {
        var request = new CreateReferralRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            IdentityNumber = identityNumber ?? NewIdentityNumber(),
            SickCaseId = sickCase ?? "SC-" + Guid.NewGuid().ToString("N")[..8],
            SickCaseStartDate = Day(-200),
            Gender = Gender.Woman,
            FkOfficeId = fkOffice,
            ImpulseSource = ImpulseSource.Fk,
            HasEmployer = false,
            EffectiveDate = Day(-30),
        };
        request.BenefitTypes.Add(BenefitType.SicknessBenefit);
        return request;
    }

    public async Task<Contracts.Referral.V1.Referral> CreateAsync(CreateReferralRequest? request = null) =>
        await client.CreateReferralAsync(request ?? NewRequest(), Fk);

    public async Task<Contracts.Referral.V1.Referral> ToSentAsync(Contracts.Referral.V1.Referral? r = null)
    {
        r ??= await CreateAsync();
        r = await client.AssessCooperationRelevanceAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-25) }, Fk);
        r = await client.RecordPreparatoryContactAsync(new()
        {
            ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-21), ContactType = PreparatoryContactType.PersonalMeeting,
        }, Fk);
        r = await client.RequestConsentAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-15) }, Fk);
        r = await client.RecordConsentDecisionAsync(new()
        {
            ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-12), Decision = ConsentState.Given, Channel = Channel.InPerson,
        }, Fk);
        return await client.SendRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-10) }, Fk);
    }

    public async Task<Contracts.Referral.V1.Referral> ReceiveAsync(Contracts.Referral.V1.Referral r) =>
        await client.ReceiveRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = Day(-7) }, Af);

    public BookJointAssessmentRequest Booking(Contracts.Referral.V1.Referral r) => new()
    {
        ReferralId = r.ReferralId,
        Etag = r.Etag,
        EffectiveDate = Day(0),
        MeetingAt = Timestamp.FromDateTimeOffset(CivilTime.StartOfDay(Today.AddDays(14)).AddHours(10)),
        AfOfficeId = AfOffice,
        AfOfficerId = "af-officer-1",
    };

    public async Task<Contracts.Referral.V1.Referral> ToConvertedAsync()
    {
        var r = await ReceiveAsync(await ToSentAsync());
        return await client.BookJointAssessmentAsync(Booking(r), Af);
    }
}
