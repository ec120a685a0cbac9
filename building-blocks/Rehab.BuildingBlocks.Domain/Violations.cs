namespace Rehab.BuildingBlocks.Domain;

/// <summary>Collects every field violation of a command before failing once with all of them.</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    /// <summary>The violations so far, for callers that report them without failing (e.g. per record of a batch).</summary>
    public IReadOnlyList<FieldViolation> Items => _items;

    public Violations Add(string field, string description)
    {
        _items.Add(new FieldViolation(field, description));
        return this;
    }

    public Violations Require(bool condition, string field, string description) =>
        condition ? this : Add(field, description);

    public Violations RequireText(string? value, string field) =>
        Require(!string.IsNullOrWhiteSpace(value), field, "is required");

    public Violations RequireDate(DateOnly? value, string field) =>
        Require(value is not null, field, "is required (a calendar date)");

    public void ThrowIfAny()
    {
        if (_items.Count > 0) throw new ValidationFailedException(_items.ToList());
    }
}
