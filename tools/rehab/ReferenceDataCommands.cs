using Rehab.Contracts.ReferenceData.V1;

namespace Rehab.Cli;

/// <summary><c>rehab refdata …</c>: offices and officer assignments.</summary>
internal static class ReferenceDataCommands
{
    public static CommandSpec[] All { get; } =
    [
        new("refdata", "offices", "Lists offices, newest first (active ones unless --include-inactive).", [],
        [
            new("agency", "fk or af", "agency"),
            new("region", "only this region's offices", "region-id"),
            new("include-inactive", "include offices no officer serves any more"),
        ], OfficesAsync),
        new("refdata", "officer-offices", "Shows the active offices an officer serves.", ["<officer-id>"], [], OfficerOfficesAsync),
    ];

    private static async Task<int> OfficesAsync(Invocation inv)
    {
        var filter = new ListOfficesRequest
        {
            Agency = inv.Option("agency") is { } a ? Names.Parse<Agency>(a, "agency") : Agency.Unspecified,
            RegionId = inv.Option("region") ?? "",
            IncludeInactive = inv.Flag("include-inactive"),
            PageSize = 100,
        };
        var offices = new List<Office>();
        await foreach (var office in inv.Client.ReferenceData.ListOfficesAsync(filter)) offices.Add(office);
        inv.Out.Table(offices, ["OFFICE_ID", "AGENCY", "REGION", "ACTIVE", "NAME"], o =>
            [o.OfficeId, Names.Kebab(o.Agency), o.RegionId, o.Active ? "yes" : "no", o.Name]);
        return ExitCodes.Ok;
    }

    private static async Task<int> OfficerOfficesAsync(Invocation inv)
    {
        var answer = await inv.Client.ReferenceData.GetOfficerOfficesAsync(inv.Argument(0));
        if (inv.Out.IsJson) inv.Out.Record(answer, []);
        else inv.Out.Table(answer.Offices, ["OFFICE_ID", "AGENCY", "REGION", "NAME"], o => [o.OfficeId, Names.Kebab(o.Agency), o.RegionId, o.Name]);
        return ExitCodes.Ok;
    }
}
