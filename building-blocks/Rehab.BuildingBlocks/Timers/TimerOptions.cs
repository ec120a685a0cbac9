namespace Rehab.BuildingBlocks.Timers;

/// <summary>Configuration section "Timers" (docs/architecture.md, "Timers").</summary>
public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>Run the engine as a background service (tests drive <see cref="TimerEngine.RunOnceAsync"/> instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pause between passes when nothing was due. Lateness in normal operation is at most about this.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timers claimed per shard per pass.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claim is exclusive. A worker that dies after claiming delays its timers by at most this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A firing later than this after its due time is marked late (<see cref="TimerFiring.IsLate"/>).</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a fired timer is remembered, so that scheduling it again at the same due time is a no-op.</summary>
    public TimeSpan FiredRetention { get; set; } = TimeSpan.FromDays(90);
}
