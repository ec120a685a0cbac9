using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Client;
using Rehab.Contracts.Transition.V1;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;

namespace Rehab.Scenario;

/// <summary>
/// The omställningsmöte step of the local scenario, for a person the caller names: FK triggers the meeting while it considers not
/// granting continued sickness benefit, offers it, the person accepts; FK and AF hold it; AF offers registration support and the
/// person accepts it. Whether the person then registers at AF is not recorded here: it comes from the AF registration facts (the
/// facts import), and the meeting shows it once imported — registered inside the SGI deadline, or not registered.
/// </summary>
public static class TransitionMeetingScenario
{
    /// <param name="personId">A person the platform knows (e.g. one the facts-import step created).</param>
    /// <param name="heldOffset">Days from today the meeting is held (the facts step's registration date should lie after it).</param>
    public static async Task<Meeting> RunAsync(
        RehabClient fk, RehabClient af, string personId, string sickCaseId, string fkOfficeId, string afOfficeId, DateOnly today,
        TextWriter output, int heldOffset = -14)
    {
        Google.Type.Date Day(int offset) => today.AddDays(offset).ToProto();
        void Show(string step, Meeting m) => output.WriteLine($"  {step,-38} state={m.State,-34} etag={m.Etag}");

        var m = await fk.TransitionMeetings.Grpc.TriggerTransitionMeetingAsync(new TriggerTransitionMeetingRequest
        {
            PersonId = personId, SickCaseId = sickCaseId, FkOfficeId = fkOfficeId, Gender = Gender.Woman, EffectiveDate = Day(heldOffset - 6),
            Trigger = TransitionTrigger.SicknessBenefitRefusalConsidered,
        });
        Show("FK: omställningsmöte triggered", m);
        output.WriteLine($"    meeting_id={m.MeetingId} person_id={personId}");
        m = await fk.TransitionMeetings.Grpc.OfferMeetingAsync(new OfferMeetingRequest { MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(heldOffset - 5) });
        Show("FK: omställningsmöte offered", m);
        m = await fk.TransitionMeetings.Grpc.RecordMeetingResponseAsync(new RecordMeetingResponseRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(heldOffset - 4), Response = Response.Accepted, Channel = Channel.Phone,
        });
        Show("FK: accepted (on the person's behalf)", m);
        var held = new RecordMeetingHeldRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(heldOffset), Mode = MeetingMode.Digital, AfOfficeId = afOfficeId,
        };
        held.Participants.AddRange([Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer]);
        m = await fk.TransitionMeetings.Grpc.RecordMeetingHeldAsync(held);
        Show("FK+AF: omställningsmöte held (SGI info)", m);
        m = await af.TransitionMeetings.Grpc.OfferRegistrationSupportAsync(new OfferRegistrationSupportRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(heldOffset), AfOfficeId = afOfficeId,
        });
        Show("AF: registration support offered", m);
        m = await af.TransitionMeetings.Grpc.RecordRegistrationSupportResponseAsync(new RecordRegistrationSupportResponseRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(heldOffset), Response = Response.Accepted, Channel = Channel.InPerson,
        });
        Show("AF: registration support accepted", m);
        output.WriteLine("    " + Describe(m));
        return m;
    }

    /// <summary>What the meeting knows from the AF registration facts.</summary>
    public static string Describe(Meeting m)
    {
        var r = m.Registration;
        if (r is null || !r.RegisteredAfterMeeting) return "registration after the meeting: none in the AF facts (yet)";
        string Date(Google.Type.Date? d) => d is null ? "unknown" : Chronology.Format(d.ToDateOnly("date"));
        return $"registered at AF {Date(r.RegistrationDate)} after the meeting; SGI deadline {Date(r.SgiDeadlineDate)}: "
            + (r.RegisteredWithinSgiDeadline ? "in time" : "not in time");
    }
}
