namespace Rehab.Reporting.Domain;

/// <summary>A revision recorded after the earlier as-of instant that changed a cell, named by its source (never by person).</summary>
public sealed record LateFact(string Reference, string Kind, DateOnly EffectiveDate, DateTimeOffset RecordedAt);

/// <summary>A cell whose published value differs between the two reports, with the late facts that changed it.</summary>
public sealed record CellChange(string TableId, string Row, Column Column, decimal? FromValue, decimal? ToValue, IReadOnlyList<LateFact> LateFacts);

public sealed record AnnualReportDiff(int Year, DateTimeOffset FromAsOf, DateTimeOffset ToAsOf, string? RegionId, IReadOnlyList<CellChange> Changes);

/// <summary>
/// The diff between the report as of two instants. A cell is changed when its value at the published precision differs (or it
/// appears, disappears or becomes suppressed). Lineage: every table is a sum over persons of what each person's rows give, so a
/// late revision (recorded in (from, to]) changed a cell when the cell's contribution of its person as of <c>to</c> differs with
/// and without that revision (the earlier revision of the same fact, if any, then counts). When only a person's late revisions
/// together change the contribution (none alone does), all of them are named. Revisions about no person (offices, regions) are
/// tested the same way against the whole report. Suppressed cells name no facts.
/// </summary>
public static class ReportDiffs
{
    /// <summary>Revisions about no person tested one by one against the whole report; beyond this they are named for every change.</summary>
    private const int MaxGlobalLateFactsTested = 20;

    public static AnnualReportDiff Compute(IReadOnlyList<ReportInput> rows, ReportQuery earlier, DateTimeOffset toAsOf, ReportParameters parameters, int smallCellThreshold)
    {
        var later = earlier with { AsOf = toAsOf };
        var before = Reports.Annual(rows, earlier, parameters, smallCellThreshold);
        var after = Reports.Annual(rows, later, parameters, smallCellThreshold);
        var beforeCells = before.Cells.ToDictionary(CellKey);
        var afterCells = after.Cells.ToDictionary(CellKey);

        var changed = new List<(CellId Id, ReportCell? From, ReportCell? To)>();
        foreach (var (id, cell) in afterCells)
        {
            var old = beforeCells.GetValueOrDefault(id);
            if (old is null || old.Value != cell.Value || old.Suppressed != cell.Suppressed) changed.Add((id, old, cell));
        }
        foreach (var (id, old) in beforeCells)
            if (!afterCells.ContainsKey(id)) changed.Add((id, old, null));

        var named = changed.Count == 0 ? [] : Lineage(rows, earlier.AsOf, later, parameters, changed.Select(c => c.Id).ToHashSet());
        var changes = changed
            .OrderBy(c => c.Id.TableId, StringComparer.Ordinal).ThenBy(c => c.Id.Row, StringComparer.Ordinal).ThenBy(c => c.Id.Column)
            .Select(c => new CellChange(c.Id.TableId, c.Id.Row, c.Id.Column, c.From?.Value, c.To?.Value,
                c.From?.Suppressed == true || c.To?.Suppressed == true ? [] : Facts(named.GetValueOrDefault(c.Id))))
            .ToList();
        return new AnnualReportDiff(earlier.Year, earlier.AsOf, toAsOf, earlier.RegionId, changes);
    }

    private static List<LateFact> Facts(HashSet<ReportInput>? rows) => rows is null ? [] :
        rows.Select(r => new LateFact(r.Reference ?? r.Key, r.GetType().Name, r.EffectiveDate, r.RecordedAt))
            .DistinctBy(f => f.Reference)
            .OrderBy(f => f.RecordedAt).ThenBy(f => f.Reference, StringComparer.Ordinal).ToList();

    private static Dictionary<CellId, HashSet<ReportInput>> Lineage(IReadOnlyList<ReportInput> rows, DateTimeOffset fromAsOf, ReportQuery to,
        ReportParameters parameters, HashSet<CellId> changed)
    {
        var known = rows.Where(r => r.RecordedAt <= to.AsOf).ToList();
        var late = known.Where(r => r.RecordedAt > fromAsOf).ToList();
        var subjects = new InputSubjects(known);
        var global = known.Where(r => subjects.PersonOf(r) is null).ToList();
        var byPerson = known.Where(r => subjects.PersonOf(r) is not null).ToLookup(r => subjects.PersonOf(r)!, StringComparer.Ordinal);
        var named = new Dictionary<CellId, HashSet<ReportInput>>();
        void Name(CellId cell, ReportInput fact)
        {
            if (!named.TryGetValue(cell, out var facts)) named[cell] = facts = [];
            facts.Add(fact);
        }

        foreach (var person in late.Select(r => subjects.PersonOf(r)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var own = byPerson[person].ToList();
            var inputs = own.Concat(global).ToList();
            var withAll = Contributions(inputs, to, parameters, changed);
            var atFrom = Contributions(inputs, to with { AsOf = fromAsOf }, parameters, changed);
            var personLate = own.Where(r => r.RecordedAt > fromAsOf).ToList();
            var explained = new HashSet<CellId>();
            foreach (var fact in personLate)
            {
                var without = Contributions(inputs.Where(r => !ReferenceEquals(r, fact)).ToList(), to, parameters, changed);
                foreach (var cell in changed.Where(c => !Equals(withAll.GetValueOrDefault(c), without.GetValueOrDefault(c))))
                {
                    Name(cell, fact);
                    explained.Add(cell);
                }
            }
            foreach (var cell in changed.Where(c => !explained.Contains(c) && !Equals(withAll.GetValueOrDefault(c), atFrom.GetValueOrDefault(c))))
                foreach (var fact in personLate) Name(cell, fact);
        }

        var globalLate = late.Where(r => subjects.PersonOf(r) is null).ToList();
        if (globalLate.Count > MaxGlobalLateFactsTested)
        {
            foreach (var cell in changed) foreach (var fact in globalLate) Name(cell, fact);
        }
        else
        {
            var withAll = Contributions(known, to, parameters, changed);
            foreach (var fact in globalLate)
            {
                var without = Contributions(known.Where(r => !ReferenceEquals(r, fact)).ToList(), to, parameters, changed);
                foreach (var cell in changed.Where(c => !Equals(withAll.GetValueOrDefault(c), without.GetValueOrDefault(c)))) Name(cell, fact);
            }
        }
        return named;
    }

    /// <summary>The unrounded, unsuppressed contribution of the inputs to each changed cell.</summary>
    private static Dictionary<CellId, (long, long, decimal?)> Contributions(IReadOnlyList<ReportInput> inputs, ReportQuery query, ReportParameters parameters,
        HashSet<CellId> cells) =>
        Reports.Annual(inputs, query, parameters, smallCellThreshold: 0).Cells
            .Where(c => cells.Contains(CellKey(c)))
            .ToDictionary(CellKey, c => (c.Numerator, c.Denominator, c.Exact));

    private static CellId CellKey(ReportCell c) => new(c.TableId, c.Row, c.Column);

    private readonly record struct CellId(string TableId, string Row, Column Column);
}
