using System.Globalization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>An aggregate as stored: its state, version (the etag) and bookkeeping times.</summary>
public sealed record Stored<TState>(string Id, long Version, TState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Etag => Etags.Format(Version);
}

public static class Etags
{
    public static string Format(long version) => "v" + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an etag sent by a client; a malformed or missing one is a field violation on "etag".</summary>
    public static long Parse(string? etag)
    {
        if (string.IsNullOrWhiteSpace(etag))
            throw new ValidationFailedException("etag", "is required: send the etag of the version you read");
        if (etag.Length < 2 || etag[0] != 'v' || !long.TryParse(etag.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw new ValidationFailedException("etag", "is not an etag this service issued");
        return version;
    }
}
