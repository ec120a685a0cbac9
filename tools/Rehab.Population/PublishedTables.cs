using System.Globalization;
using Rehab.Reporting.Domain;

namespace Rehab.Population;

/// <summary>One published cell of 000 Tabell 1–5: the number as printed (decimal comma read as a number) and its decimals.</summary>
public sealed record PublishedCell(int Table, string Row, int Year, Column Column, decimal Value, int Decimals);

/// <summary>
/// 000 Tabell 1–5 (000_a645b267845f1b27.txt L118-258), copied verbatim from DOMAIN §8 (source formatting kept) and read as
/// numbers. The generator takes its parameters from here and the exactness test compares every cell with it.
/// </summary>
public static class PublishedTables
{
    public static readonly int[] Years = [2023, 2024, 2025];

    private const string Source = """
        Tabell 1
        | Aktivitetsersättning, tid till första kartläggning, antal dagar i genomsnitt | 1 179 | 1 147 | 1 109 | 1 222 | 1 104 | 1 151 | 1 202 | 1 124 | 1 130 |
        | Aktivitetsersättning, antal genomförda kartläggningar | 595 | 561 | 623 | 664 | 638 | 614 | 1 259 | 1 199 | 1 237 |
        | Sjukpenning, tid till första kartläggning, antal dagar i genomsnitt | 866 | 878 | 884 | 761 | 794 | 813 | 828 | 847 | 858 |
        | Sjukpenning, antal genomförda kartläggningar | 4 372 | 4 749 | 4 648 | 2 487 | 2 632 | 2 620 | 6859 | 7 381 | 7 268 |
        | Totalt, tid till första gemensamma kartläggning | 1 041 | 1 051 | 1 005 | 945 | 948 | 938 | 1 004 | 1 011 | 979 |
        | Totalt, antal genomförda kartläggningar | 5 404 | 5 550 | 5 516 | 3 426 | 3 457 | 3 430 | 8 830 | 9 007 | 8 946 |
        Tabell 2
        | Aktivitetsersättning, andel som går från gemensam kartläggning till insats | 65% | 74% | 75% | 65% | 75% | 77% | 65% | 74% | 76% |
        | Sjukpenning, andel som går från gemensam kartläggning till insats | 74% | 74% | 74% | 74% | 75% | 74% | 74% | 74% | 74% |
        | Totalt, andel som går från gemensam kartläggning till insats | 73% | 74% | 74% | 72% | 75% | 74% | 73% | 74% | 74% |
        Tabell 3
        | Aktivitetsersättning, antal utvecklat arbetsförmåga | 102 | 116 | 128 | 149 | 128 | 136 | 251 | 244 | 264 |
        | Aktivitetsersättning, andel utvecklat arbetsförmåga | 34% | 30% | 35% | 43% | 31% | 33% | 39% | 31% | 34% |
        | Aktivitetsersättning, antal kvar i sjukförsäkringen | 186 | 267 | 238 | 186 | 284 | 275 | 372 | 551 | 513 |
        | Aktivitetsersättning, andel kvar i sjukförsäkringen | 63% | 70% | 65% | 54% | 69% | 67% | 58% | 69% | 66% |
        | Sjukpenning, antal återfått arbetsförmåga | 1 153 | 1 407 | 1 381 | 689 | 854 | 714 | 1 842 | 2 261 | 2 095 |
        | Sjukpenning, andel återfått arbetsförmåga | 44% | 37% | 41% | 46% | 40% | 40% | 45% | 38% | 40% |
        | Sjukpenning, antal kvar i sjukförsäkringen | 1 374 | 2 370 | 2 012 | 746 | 1 255 | 1 082 | 2 120 | 3 625 | 3 094 |
        | Sjukpenning, andel kvar i sjukförsäkringen | 53% | 63% | 59% | 50% | 60% | 60% | 52% | 62% | 60% |
        | Totalt, antal utvecklat/återfått arbetsförmåga | 1 315 | 1 615 | 1 613 | 893 | 1 094 | 925 | 2 208 | 2 745 | 2 538 |
        | Totalt, andel utvecklat/återfått arbetsförmåga | 43% | 37% | 41% | 46% | 40% | 39% | 44% | 38% | 40% |
        | Totalt, antal kvar i sjukförsäkringen | 1 606 | 2 766 | 2 341 | 983 | 1 630 | 1 434 | 2 589 | 4 396 | 3 775 |
        | Totalt, andel kvar i sjukförsäkringen | 53% | 63% | 59% | 50% | 60% | 61% | 52% | 62% | 60% |
        Tabell 4
        | Aktivitetsersättning, antal omställningsmöten | 63 | 63 | 45 | 67 | 62 | 60 | 130 | 125 | 105 |
        | Aktivitetsersättning, andel av de som får avslag som deltar vid omställningsmöte | 7,3% | 4,5% | 3,3% | 8,4% | 4,7% | 4,6% | 7,8% | 4,6% | 3,9% |
        | Sjukpenning, antal kontaktmöten | 200 | 186 | 176 | 163 | 124 | 138 | 363 | 310 | 314 |
        | Sjukpenning, antal omställningsmöten | 711 | 735 | 1143 | 493 | 465 | 642 | 1 204 | 1 200 | 1 785 |
        | Sjukpenning, andel av de som får avslag som deltar vid omställningsmöte | 9,8% | 7,8% | 8,3% | 10,1% | 7,8% | 8,4% | 9,9% | 7,8% | 8,3% |
        Tabell 5
        | Aktivitetsersättning, andel inskrivna på Arbetsförmedlingen efter omställningsmöte | 82,5% | 63,5% | 68,9% | 79,1% | 74,2% | 68,3% | 80,8% | 68,8% | 68,6% |
        | Sjukpenning, andel inskrivna på Arbetsförmedlingen efter omställningsmöte | 80,3% | 81,6% | 81,4% | 83% | 80,4% | 77,3% | 81,4% | 81,2% | 79,9% |
        """;

    /// <summary>The report's row ids, in the published order of each table.</summary>
    private static readonly Dictionary<int, string[]> RowIds = new()
    {
        [1] = [Rows.AeMeanDays, Rows.AeCount, Rows.SpMeanDays, Rows.SpCount, Rows.TotalMeanDays, Rows.TotalCount],
        [2] = [Rows.AeShare, Rows.SpShare, Rows.TotalShare],
        [3] = [.. new[] { "AE", "SP", "Total" }.SelectMany(b => new[]
            {
                Rows.Tabell3(b, Rows.Achieved, "count"), Rows.Tabell3(b, Rows.Achieved, "share"),
                Rows.Tabell3(b, Rows.Remains, "count"), Rows.Tabell3(b, Rows.Remains, "share"),
            })],
        [4] = [Rows.AeTransitionMeetings, Rows.AeRefusedAttendingShare, Rows.SpContactMeetings, Rows.SpTransitionMeetings, Rows.SpRefusedAttendingShare],
        [5] = [Rows.AeRegisteredShare, Rows.SpRegisteredShare],
    };

    public static IReadOnlyList<PublishedCell> Cells { get; } = Parse();

    private static readonly Dictionary<(int, string, int, Column), PublishedCell> Index =
        Cells.ToDictionary(c => (c.Table, c.Row, c.Year, c.Column));

    public static decimal Value(int table, string row, int year, Column column) => Index[(table, row, year, column)].Value;

    public static int Int(int table, string row, int year, Column column) => (int)Value(table, row, year, column);

    private static List<PublishedCell> Parse()
    {
        var cells = new List<PublishedCell>();
        var (table, rowNo) = (0, 0);
        foreach (var line in Source.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith("Tabell ", StringComparison.Ordinal)) { (table, rowNo) = (int.Parse(line[7..], CultureInfo.InvariantCulture), 0); continue; }
            var values = line.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..];
            if (values.Length != 9) throw new FormatException($"Tabell {table}: expected 9 cells in '{line}'");
            for (var i = 0; i < 9; i++)
            {
                var text = values[i].Replace(" ", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal);
                var comma = text.IndexOf(',', StringComparison.Ordinal);
                var value = decimal.Parse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture);
                cells.Add(new PublishedCell(table, RowIds[table][rowNo], Years[i % 3], (Column)(i / 3), value, comma < 0 ? 0 : text.Length - comma - 1));
            }
            rowNo++;
        }
        return cells;
    }
}
