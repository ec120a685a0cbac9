using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>One running platform for every test class here that needs one (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
