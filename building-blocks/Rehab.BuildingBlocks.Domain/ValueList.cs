using System.Collections;

namespace Rehab.BuildingBlocks.Domain;

/// <summary>
/// An immutable list with value equality, so that records holding lists compare by content
/// (a replayed state must equal the state the commands produced, also after a JSON round trip).
/// Properties keep the type <see cref="IReadOnlyList{T}"/> and normalise to this in their init accessor.
/// </summary>
public sealed class ValueList<T>(T[] items) : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    public static ValueList<T> Empty { get; } = new([]);

    public T this[int index] => items[index];

    public int Count => items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }

    private T[] Items => items;
}

public static class ValueList
{
    public static IReadOnlyList<T> From<T>(IEnumerable<T>? items) => items switch
    {
        null => ValueList<T>.Empty,
        ValueList<T> list => list,
        _ => new ValueList<T>(items.ToArray()),
    };
}
