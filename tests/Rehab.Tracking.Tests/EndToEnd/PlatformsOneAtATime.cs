using Xunit;

namespace Rehab.Tracking.Tests.EndToEnd;

/// <summary>
/// The end-to-end classes of this project start a platform each, and the platforms of one test run share the topic streams. Run
/// at once, another platform's joint-assessment service opens a second round for this platform's booking, and tracking may link
/// the foreign round first (the first link stays), so this platform's meetings never find their case. One platform at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlatformsOneAtATime
{
    public const string Name = "tracking platforms, one at a time";
}
