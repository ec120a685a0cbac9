namespace Rehab.Reporting.Domain;

/// <summary>
/// The bitemporal input of the reports (DOMAIN §9.6): every revision of every fact is kept; <see cref="AsOf"/> freezes the
/// facts as they were recorded at an instant, so a report for an as-of instant is reproducible and later-recorded facts
/// (late registration, corrections) change only reports as of later instants.
/// </summary>
public sealed class InputLog
{
    private readonly List<ReportInput> _rows = [];

    public int Count => _rows.Count;

    public void Add(ReportInput row) => _rows.Add(row);

    public void AddRange(IEnumerable<ReportInput> rows) => _rows.AddRange(rows);

    /// <summary>Every revision held, in the order added.</summary>
    public IReadOnlyList<ReportInput> Rows => _rows;

    /// <summary>Per fact, the revision with the latest recorded time at or before <paramref name="asOf"/> (on a tie, the greater reference).</summary>
    public ReportSnapshot AsOf(DateTimeOffset asOf) => new(asOf, Latest(_rows, asOf));

    /// <summary>Per fact (<see cref="ReportInput.Key"/>), the revision that counts as of <paramref name="asOf"/>.</summary>
    public static IReadOnlyCollection<ReportInput> Latest(IEnumerable<ReportInput> rows, DateTimeOffset asOf)
    {
        var latest = new Dictionary<string, ReportInput>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.RecordedAt > asOf) continue;
            if (!latest.TryGetValue(row.Key, out var held) || Supersedes(row, held)) latest[row.Key] = row;
        }
        return latest.Values;
    }

    // Equal recorded times (day-precision source timestamps) are decided by the reference, not by the order rows arrived in,
    // which differs between replicas; rows without a reference (tests, the generator) keep the one added last.
    private static bool Supersedes(ReportInput row, ReportInput held) =>
        row.RecordedAt != held.RecordedAt ? row.RecordedAt > held.RecordedAt : string.CompareOrdinal(row.Reference, held.Reference) >= 0;
}
