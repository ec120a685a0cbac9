using Rehab.BuildingBlocks.Security;
using Rehab.Population;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Reporting.Tests;

/// <summary>
/// A platform (PlatformHost, redis transport) with a sample of the generated population loaded once through the real import paths
/// by <see cref="PopulationLoader"/>: every <see cref="Every"/>-th person with all they own. Tests read it through the gateway.
/// </summary>
public sealed class LoadedPlatformFixture : IAsyncLifetime
{
    public const int Every = 40;

    public PlatformHost Platform { get; private set; } = null!;

    public LoadInput Input { get; private set; } = null!;

    public LoadResult Result { get; private set; } = null!;

    /// <summary>The loader's wall time for the sample (all paths, through the gateway).</summary>
    public TimeSpan LoadTime { get; private set; }

    public async Task InitializeAsync()
    {
        Platform = await PlatformHost.StartAsync();
        Input = LoadInput.From(new PopulationGenerator().Generate()).Sample(Every);
        var loader = new PopulationLoader(Platform.Gateway.CreateCallInvoker(), () => PlatformHost.As(DevTokens.ForRole(Role.System)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Result = await loader.LoadAsync(Input);
        LoadTime = watch.Elapsed;
    }

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
