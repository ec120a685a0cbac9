namespace Rehab.TransitionMeetings;

/// <summary>Marks this app's assembly for WebApplicationFactory (a test may host several apps).</summary>
public sealed class TransitionMeetingsApp;
