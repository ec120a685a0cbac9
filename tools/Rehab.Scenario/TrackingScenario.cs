using Grpc.Core;
using Rehab.Client;
using Rehab.Contracts.Tracking.V1;

namespace Rehab.Scenario;

/// <summary>
/// The scenario's last step: the tracking service's view of what happened — the case timeline of the referral (every milestone
/// with effective and recorded time, the lead times so far) and the SGI protection of the given people.
/// </summary>
public static class TrackingScenario
{
    /// <param name="officer">A caller who may read the case (and the people's SGI protection).</param>
    /// <param name="sgiPersonIds">People whose SGI status to print (e.g. those of the scenario's facts import).</param>
    public static async Task ShowAsync(
        RehabClient officer, string referralId, IReadOnlyList<string> sgiPersonIds, TextWriter output, TimeSpan? wait = null)
    {
        var timeline = await TimelineAsync(officer, referralId, wait ?? TimeSpan.FromSeconds(15));
        output.WriteLine($"  Tracking: case timeline of referral {referralId} (AF {timeline.AfOfficeId} / {timeline.AfOfficerId})");
        foreach (var m in timeline.Milestones)
            output.WriteLine($"    {Date(m.EffectiveDate)}  {m.Milestone,-36} recorded {m.RecordedAt.ToDateTimeOffset():yyyy-MM-dd HH:mm:ss}Z");
        foreach (var lt in timeline.LeadTimes)
            output.WriteLine($"    {lt.LeadTimeId,-5} {lt.Days,5} days  {lt.Description}");

        foreach (var personId in sgiPersonIds)
            output.WriteLine($"  Tracking: SGI of person {personId}: {await SgiAsync(officer, personId)}");
    }

    private static async Task<string> SgiAsync(RehabClient officer, string personId)
    {
        try
        {
            // The facts reach tracking asynchronously: wait a little for the clock to exist.
            SgiProtection? sgi = null;
            for (var attempt = 0; sgi is null; attempt++)
            {
                try
                {
                    sgi = await officer.Tracking.GetSgiProtectionAsync(personId);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && attempt < 100)
                {
                    await Task.Delay(100);
                }
            }

            return sgi.Status switch
            {
                SgiStatus.AtRisk => $"AtRisk, deadline {Date(sgi.SgiDeadlineDate)} ({sgi.DaysLeft} days left), office {sgi.OfficeId}",
                SgiStatus.Protected => $"Protected, registered {Date(sgi.AfRegistrationDate)} (deadline {Date(sgi.SgiDeadlineDate)}), office {sgi.OfficeId}",
                SgiStatus.PresumedLost => $"PresumedLost, deadline {Date(sgi.SgiDeadlineDate)} passed, office {sgi.OfficeId}",
                SgiStatus.NotApplicable => $"NotApplicable ({sgi.NotApplicableReason})",
                _ => "no SGI clock",
            };
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied)
        {
            return e.StatusCode == StatusCode.NotFound ? "no benefit decision or AF registration recorded" : "not readable by this officer";
        }
    }

    /// <summary>
    /// The timeline once the participation's closure has reached tracking (events arrive asynchronously); after the wait, what
    /// tracking has by then.
    /// </summary>
    private static async Task<CaseTimeline> TimelineAsync(RehabClient officer, string referralId, TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        CaseTimeline? timeline = null;
        while (true)
        {
            try
            {
                timeline = await officer.Tracking.GetCaseTimelineAsync(referralId);
                if (timeline.Milestones.Any(m => m.Milestone == Milestone.ParticipationClosed)) return timeline;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
            }

            if (DateTime.UtcNow > until)
                return timeline ?? throw new InvalidOperationException($"tracking has no timeline for referral {referralId}");
            await Task.Delay(100);
        }
    }

    private static string Date(Google.Type.Date? d) => d is null ? "—" : $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}";
}
