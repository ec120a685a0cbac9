namespace Rehab.Reporting;

/// <summary>Marks this app's assembly for WebApplicationFactory (a test may host several apps).</summary>
public sealed class ReportingApp;
