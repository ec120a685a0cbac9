using Rehab.Client.Tokens;

namespace Rehab.Client;

/// <summary>How <see cref="RehabClientRegistration.AddRehabClient"/> reaches the platform.</summary>
public sealed class RehabClientOptions
{
    /// <summary>The gateway's gRPC address, e.g. <c>http://127.0.0.1:5080</c> locally (h2c) or an https address.</summary>
    public Uri? GatewayAddress { get; set; }

    /// <summary>Why the caller reads or changes personal data (<c>x-rehab-purpose</c>); required on personal-data calls.</summary>
    public string? Purpose { get; set; }

    /// <summary>Where bearer tokens come from. When null, an <see cref="ITokenSource"/> registered in the container is used.</summary>
    public ITokenSource? Tokens { get; set; }

    /// <summary>The deadline of a call that sets none itself. Retries of the call happen within it.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts (first call included) of an idempotent call answered UNAVAILABLE; 1 turns retries off.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's backoff; it doubles up to one second.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);
}
