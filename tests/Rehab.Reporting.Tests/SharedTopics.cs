namespace Rehab.Reporting.Tests;

/// <summary>
/// The platforms of one test run share the topic streams (as Dapr's pubsub.redis would), and each reporting service reads them
/// from the start. The population sample's history carries its source's recorded times (2023–2026), so while it is being
/// delivered it changes reports as of instants before it: classes that load it and classes that compare reports as of an
/// instant run one after the other.
/// </summary>
public static class SharedTopics
{
    public const string Name = "shared topics";
}
