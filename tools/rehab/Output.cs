using Google.Protobuf;

namespace Rehab.Cli;

/// <summary>Prints records as aligned tables (for people) or proto-JSON (for scripts: one object, or an array for lists).</summary>
internal sealed class Output(TextWriter writer, bool json)
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public bool IsJson => json;

    public TextWriter Writer => writer;

    /// <summary>One record: its proto-JSON, or <paramref name="fields"/> as "name  value" lines.</summary>
    public void Record(IMessage message, IEnumerable<(string Name, string Value)> fields)
    {
        if (json)
        {
            writer.WriteLine(Json.Format(message));
            return;
        }

        var rows = fields.ToList();
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows) writer.WriteLine($"{name.PadRight(width)}  {value}");
    }

    /// <summary>Many records: a JSON array, or a table with <paramref name="headers"/>.</summary>
    public void Table<T>(IReadOnlyList<T> items, string[] headers, Func<T, string[]> row) where T : IMessage
    {
        if (json)
        {
            writer.WriteLine("[");
            for (var i = 0; i < items.Count; i++) writer.WriteLine("  " + Json.Format(items[i]) + (i < items.Count - 1 ? "," : ""));
            writer.WriteLine("]");
            return;
        }

        Rows(headers, items.Select(row).ToList());
    }

    /// <summary>An aligned table of plain rows (table output only); "(none)" when there are no rows.</summary>
    public void Rows(string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells) => writer.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        foreach (var r in rows) Line(r);
        if (rows.Count == 0) writer.WriteLine("(none)");
    }
}
