using Xunit;

namespace Rehab.Testing.Platform;

/// <summary>One platform (redis transport) shared by the end-to-end tests of a class.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformHost Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformHost.StartAsync();

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
