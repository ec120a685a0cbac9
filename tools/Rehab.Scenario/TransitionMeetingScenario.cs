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

        var m = await fk.TransitionMeetings.TriggerAsync(new TriggerTransitionMeetingRequest
        {
            PersonId = personId, SickCaseId = sickCaseId, FkOfficeId = fkOfficeId, Gender = Gender.Woman, EffectiveDate = Day(heldOffset - 6),
            Trigger = TransitionTrigger.SicknessBenefitRefusalConsidered,
        });
        Show("FK: omställningsmöte triggered", m);
        output.WriteLine($"    meeting_id={m.MeetingId} person_id={personId}");
        // The service joins newly arrived facts (e.g. the import just before) into the person's meetings, which changes their
        // etag: a step that meets such a change reads the meeting again and is retried, as the conflict asks.
        async Task<Meeting> Step(Meeting current, Func<Meeting, Task<Meeting>> step)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await step(current);
                }
                catch (Client.Errors.RehabConflictException) when (attempt < 5)
                {
                    current = await fk.TransitionMeetings.GetAsync(current.MeetingId);
                }
            }
        }

        m = await Step(m, x => fk.TransitionMeetings.OfferAsync(x, today.AddDays(heldOffset - 5)));
        Show("FK: omställningsmöte offered", m);
        m = await Step(m, x => fk.TransitionMeetings.RecordResponseAsync(x, today.AddDays(heldOffset - 4), Response.Accepted, Channel.Phone));
        Show("FK: accepted (on the person's behalf)", m);
        m = await Step(m, x => fk.TransitionMeetings.RecordHeldAsync(x, today.AddDays(heldOffset), MeetingMode.Digital,
            [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer], afOfficeId));
        Show("FK+AF: omställningsmöte held (SGI info)", m);
        m = await Step(m, x => af.TransitionMeetings.OfferRegistrationSupportAsync(x, today.AddDays(heldOffset), afOfficeId));
        Show("AF: registration support offered", m);
        m = await Step(m, x => af.TransitionMeetings.RecordRegistrationSupportResponseAsync(x, today.AddDays(heldOffset), Response.Accepted, Channel.InPerson));
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
