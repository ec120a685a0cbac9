using Rehab.BuildingBlocks.Domain;
namespace Rehab.Interventions.Domain;

/// <summary>
/// DOMAIN §9.4 and D11: outcome/occupation pairs that are possible but usually a coding error. They warn and appear in the
/// data-quality report; none is rejected (the sources define no impossible pair). [INF] The table:
/// <list type="bullet">
/// <item>WorkCapacityAchieved means leaving the sickness insurance fully or partly (000 L161), so ReturnedToFk, None and
/// NotEvident contradict or fail to support it.</item>
/// <item>RemainsInSicknessInsurance with OpenJobSeeker, AfProgramme or LabourMarketTraining: continuing at AF as a job seeker or in
/// a programme is what WorkCapacityAchieved describes (000 L161). Employment is NOT suspicious: a part-time employee whose benefit
/// extent does not change remains in the insurance (§9.4).</item>
/// </list>
/// </summary>
public static class SuspiciousPairs
{
    public const string Rule = "closure.suspicious_pair";

    private static readonly Dictionary<(Outcome, OccupationAfterClosure), string> Table = new()
    {
        [(Outcome.WorkCapacityAchieved, OccupationAfterClosure.ReturnedToFk)] =
            "work capacity achieved means leaving the sickness insurance, but the occupation says the person returned to FK",
        [(Outcome.WorkCapacityAchieved, OccupationAfterClosure.None)] =
            "work capacity achieved, but the person has no occupation after closure",
        [(Outcome.WorkCapacityAchieved, OccupationAfterClosure.NotEvident)] =
            "work capacity achieved, but the occupation after closure is not evident",
        [(Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.OpenJobSeeker)] =
            "remains in the sickness insurance, but the person continues at AF as an open job seeker (that is work capacity achieved)",
        [(Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.AfProgramme)] =
            "remains in the sickness insurance, but the person continues in an AF programme (that is work capacity achieved)",
        [(Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.LabourMarketTraining)] =
            "remains in the sickness insurance, but the person continues in labour-market training (that is work capacity achieved)",
    };

    public static IReadOnlyList<DataQualityWarning> Check(Outcome outcome, OccupationAfterClosure occupation) =>
        Table.TryGetValue((outcome, occupation), out var description)
            ? [new DataQualityWarning(Rule, outcome, occupation, description)]
            : [];
}
