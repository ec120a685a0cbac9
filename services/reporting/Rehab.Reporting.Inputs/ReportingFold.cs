using Rehab.Reporting.Domain;
using JointAssessment = Rehab.Contracts.JointAssessment.V1;
using ReferenceData = Rehab.Contracts.ReferenceData.V1;
using Referral = Rehab.Contracts.Referral.V1;
using Transition = Rehab.Contracts.Transition.V1;

namespace Rehab.Reporting.Inputs;

/// <summary>
/// Everything the reporting service keeps of one contract event: the tables' rows (<see cref="ContractEventFold"/>), the offices and
/// regions a regional report needs, each row named by its source (a fact's "source_system/record_id", else the event id) so a diff
/// can name it without naming the person.
/// </summary>
public static class ReportingFold
{
    public static IReadOnlyList<ReportInput> Fold(ContractEvent e) =>
        [.. ContractEventFold.Fold(e).Concat(Offices(e)).Select(r => r.Reference is null ? r with { Reference = ReferenceOf(r, e.Id) } : r)];

    private static string ReferenceOf(ReportInput row, string eventId) =>
        row.Key.StartsWith("fact:", StringComparison.Ordinal) ? row.Key["fact:".Length..] : eventId;

    private static IEnumerable<ReportInput> Offices(ContractEvent e)
    {
        var at = e.RecordedAt;
        return e.Data switch
        {
            Referral.RehabilitationNeedIdentified x when x.FkOfficeId.Length > 0 => [new CaseOfficeStated(x.PersonId, x.FkOfficeId, Date(x.EffectiveDate), at)],
            JointAssessment.JointAssessmentOpened x when x.FkOfficeId.Length > 0 => [new CaseOfficeStated(x.PersonId, x.FkOfficeId, Date(x.EffectiveDate), at)],
            Transition.MeetingHeld x when x.Meeting.FkOfficeId.Length > 0 => [new CaseOfficeStated(x.Meeting.PersonId, x.Meeting.FkOfficeId, Date(x.EffectiveDate), at)],
            ReferenceData.OfficeRecorded x when x.Office is not null => [new OfficeInRegion(x.Office.OfficeId, x.Office.RegionId, Date(x.EffectiveDate), at)],
            ReferenceData.RegionRecorded x when x.Region is not null => [new RegionNamed(x.Region.RegionId, x.Region.Name, Date(x.EffectiveDate), at)],
            _ => [],
        };
    }

    private static DateOnly Date(Google.Type.Date? d) => d is null || d.Year == 0 ? default : new(d.Year, d.Month, d.Day);
}
