using System.Globalization;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Client;
using Rehab.Client.Tokens;
using Rehab.Contracts.Common.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Contracts.Referral.V1;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

namespace Rehab.Scenario;

/// <summary>
/// A realistic referral, end to end through the gateway with the client library: FK identifies the need, prepares, asks
/// consent and sends the request; AF receives and books the first joint-assessment meeting; the joint assessment runs to a
/// rehabilitation plan, which opens a participation that runs through an intervention and a follow-up to closure; the agencies'
/// facts for two people, an omställningsmöte for each, and tracking's case timeline and SGI status; FK lists its office's referrals.
/// </summary>
public static class ReferralScenario
{
    // Skatteverket's published test personnummer; never printed.
    private const string TestIdentityNumber = "19121212-1212";

    /// <param name="auth">The development issuer's settings; from the environment (as the services read them) when null.</param>
    /// <param name="sgiPersonIds">More people whose SGI status the tracking step prints (the scenario's two people are always shown).</param>
    public static async Task<int> RunAsync(Uri gateway, TextWriter output, AuthOptions? auth = null, IReadOnlyList<string>? sgiPersonIds = null)
    {
        auth ??= DevTokenSource.AuthFromEnvironment();
        var fkCaller = new DevCaller("fk-handlaggare-17", [Role.FkCaseOfficer], Organisations.Fk, ["fk-stockholm-city"], Name: "FK case officer");
        var afCaller = new DevCaller("af-arbetsformedlare-4", [Role.AfEmploymentOfficer], Organisations.Af, ["af-stockholm-syd"], Name: "AF employment officer");
        using var fk = Connect(gateway, new DevTokenSource(auth, fkCaller));
        using var af = Connect(gateway, new DevTokenSource(auth, afCaller));
        var today = CivilTime.Today(TimeProvider.System);
        DateOnly Day(int offset) => today.AddDays(offset);

        void Show(string step, Contracts.Referral.V1.Referral r) =>
            output.WriteLine($"  {step,-38} state={r.State,-34} etag={r.Etag}");

        output.WriteLine($"Scenario: a referral from FK to AF through the gateway at {gateway}");
        var sickCase = "SC-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var create = new CreateReferralRequest
        {
            IdentityNumber = TestIdentityNumber,
            SickCaseId = sickCase,
            SickCaseStartDate = Day(-200).ToProto(),
            Gender = Gender.Woman,
            FkOfficeId = "fk-stockholm-city",
            ImpulseSource = ImpulseSource.Fk,
            HasEmployer = true,
            EffectiveDate = Day(-30).ToProto(),
        };
        create.BenefitTypes.Add(BenefitType.SicknessBenefit);
        var r = await fk.Referrals.CreateAsync(create);
        Show("FK: rehabilitation need identified", r);
        output.WriteLine($"    referral_id={r.ReferralId} person_id={r.PersonId} sick_case_id={r.SickCaseId}");

        r = await fk.Referrals.AssessRelevanceAsync(r, Day(-25));
        Show("FK: cooperation relevance assessed", r);
        r = await fk.Referrals.RecordPreparatoryContactAsync(r, Day(-21), PreparatoryContactType.PersonalMeeting);
        Show("FK: personal preparatory meeting", r);
        r = await fk.Referrals.RuleOutEmployerAdaptationAsync(r, Day(-20));
        Show("FK: employer adaptation ruled out", r);
        r = await fk.Referrals.RequestConsentAsync(r, Day(-15));
        Show("FK: consent requested", r);
        r = await fk.Referrals.RecordConsentDecisionAsync(r, Day(-12), ConsentState.Given, Channel.InPerson);
        Show("FK: consent given (on the individual's behalf)", r);
        r = await fk.Referrals.SendAsync(r, Day(-10));
        Show("FK: joint assessment requested", r);
        r = await af.Referrals.ReceiveAsync(r, Day(-7));
        Show("AF: request received", r);
        var meeting = CivilTime.StartOfDay(today).AddHours(9);
        r = await af.Referrals.BookAsync(r, Day(0), meeting, "af-stockholm-syd", "af-arbetsformedlare-4");
        Show("AF: joint assessment booked", r);
        output.WriteLine($"    first meeting {meeting:yyyy-MM-dd HH:mm zzz} at {r.Booking.AfOfficeId} with {r.Booking.AfOfficerId}");

        var round = await ContinueToPlanAsync(fk, af, r, today, output);
        await InterventionsScenario.ContinueToClosureAsync(gateway, auth, fkCaller, afCaller, round, today, output);
        var (personB, sickCaseB) = await FactsScenario.RunAsync(gateway, auth, fk, r.PersonId, r.SickCaseId, output);

        // Omställningsmöten for the two people the facts step imported: A registers at AF after the meeting (inside the SGI
        // window), B does not. Whether they registered comes from the AF facts, joined asynchronously from the facts topic.
        var meetingA = await TransitionMeetingScenario.RunAsync(fk, af, r.PersonId, r.SickCaseId, "fk-stockholm-city", "af-stockholm-syd", today, output, heldOffset: -24);
        await TransitionMeetingScenario.RunAsync(fk, af, personB, sickCaseB, "fk-stockholm-city", "af-stockholm-syd", today, output, heldOffset: -22);
        for (var attempt = 0; attempt < 100 && meetingA.Registration?.RegisteredAfterMeeting != true; attempt++)
        {
            await Task.Delay(100);
            meetingA = await fk.TransitionMeetings.Grpc.GetMeetingAsync(new Contracts.Transition.V1.GetMeetingRequest { MeetingId = meetingA.MeetingId });
        }
        output.WriteLine("  person A after the omställningsmöte: " + TransitionMeetingScenario.Describe(meetingA));
        await TrackingScenario.ShowAsync(fk, r.ReferralId, [r.PersonId, personB, .. sgiPersonIds ?? []], output);

        var list = await fk.Referrals.ListPageAsync(new ListReferralsRequest { OfficeId = "fk-stockholm-city", PageSize = 5 });
        output.WriteLine($"  FK: ListReferrals(office=fk-stockholm-city) -> {list.Referrals.Count} shown");
        foreach (var item in list.Referrals)
            output.WriteLine($"    {item.ReferralId}  {item.State,-30} need identified {item.NeedIdentifiedDate.Year:D4}-{item.NeedIdentifiedDate.Month:D2}-{item.NeedIdentifiedDate.Day:D2}");

        foreach (var service in Rehab.Contracts.ContractCatalog.Services)
            output.WriteLine($"  gateway health {service.FullName,-40} {await fk.CheckHealthAsync(service.FullName)}");

        output.WriteLine("Scenario completed.");
        return 0;
    }

    /// <summary>The joint assessment opened from the booking (Revised2023): information meeting, planning meeting, AF's assessment, activity level, plan.</summary>
    private static async Task<Round> ContinueToPlanAsync(RehabClient fk, RehabClient af, Contracts.Referral.V1.Referral booked, DateOnly today, TextWriter output)
    {
        var date = today.ToProto();
        Round? round = null;
        for (var attempt = 0; attempt < 150 && round is null; attempt++)
        {
            var found = await af.JointAssessments.Grpc.ListJointAssessmentsAsync(new ListJointAssessmentsRequest { ReferralId = booked.ReferralId });
            round = found.JointAssessments.FirstOrDefault();
            if (round is null) await Task.Delay(100);
        }

        if (round is null) throw new InvalidOperationException($"no joint-assessment round was opened for referral {booked.ReferralId}");
        void Show(string step, Round j) => output.WriteLine($"  {step,-38} state={j.State,-34} etag={j.Etag}");
        Show($"AF: round {round.RoundNo} opened ({round.ProcessVersion})", round);

        RecordMeetingHeldRequest Held(Round j, string meetingId)
        {
            var held = new RecordMeetingHeldRequest
            {
                JointAssessmentId = j.JointAssessmentId, Etag = j.Etag, EffectiveDate = date, MeetingId = meetingId, Mode = MeetingMode.Physical,
            };
            held.Participants.AddRange([Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer]);
            return held;
        }

        round = await af.JointAssessments.Grpc.RecordMeetingHeldAsync(Held(round, round.Meetings[0].MeetingId));
        Show("AF: information meeting held", round);
        round = await fk.JointAssessments.Grpc.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = date, MeetingType = MeetingType.JaPlanning,
            MeetingAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(CivilTime.StartOfDay(today).AddHours(13)),
        });
        Show("FK: planning meeting scheduled", round);
        round = await af.JointAssessments.Grpc.RecordMeetingHeldAsync(Held(round, round.Meetings[^1].MeetingId));
        Show("AF: planning meeting held", round);
        round = await af.JointAssessments.Grpc.RecordLabourMarketAssessmentAsync(new RecordLabourMarketAssessmentRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = date,
            IllnessImpact = "Fatigue limits full working days", AdaptationNeeds = "Part-time start, quiet workplace",
        });
        Show("AF: labour-market assessment", round);
        round = await fk.JointAssessments.Grpc.AssessActivityLevelAsync(new AssessActivityLevelRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = date, HoursPerWeek = 12, Stability = Stability.Stable,
        });
        Show("FK+AF: activity level 12 h/week", round);
        var plan = new EstablishPlanRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = date, FirstOrientation = FirstOrientation.WorkOriented,
        };
        var goal = new Goal { Description = "Work 50 % in logistics" };
        goal.SubGoals.Add("Work training 10 h/week at an employer");
        plan.Goals.Add(goal);
        round = await fk.JointAssessments.Grpc.EstablishPlanAsync(plan);
        Show("FK: rehabilitation plan established", round);
        return round;
    }

    private static RehabClient Connect(Uri gateway, ITokenSource tokens) => RehabClient.Create(o =>
    {
        o.GatewayAddress = gateway;
        o.Purpose = "local scenario: case handling";
        o.Tokens = tokens;
    });
}
