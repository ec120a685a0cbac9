using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rehab.Testing;

/// <summary>
/// A real service app (its own Program.cs) on real Kestrel, on the loopback ports its configuration names.
/// <typeparamref name="TMarker"/> is the app's marker type.
/// </summary>
public sealed class AppHost<TMarker> : IAsyncDisposable where TMarker : class
{
    private readonly WebApplicationFactory<TMarker> _factory;

    private AppHost(WebApplicationFactory<TMarker> factory) => _factory = factory;

    public IServiceProvider Services => _factory.Services;

    public static AppHost<TMarker> Start(
        IReadOnlyDictionary<string, string?> settings, ILoggerProvider? logs = null, Action<IServiceCollection>? services = null)
    {
        var factory = new WebApplicationFactory<TMarker>().WithWebHostBuilder(web =>
        {
            // UseSetting (not ConfigureAppConfiguration): Program reads some settings while building, before the
            // factory's configuration callbacks run.
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(s =>
            {
                if (logs is not null) s.AddSingleton(logs);
                services?.Invoke(s);
            });
        });
        factory.UseKestrel();
        factory.StartServer();
        return new AppHost<TMarker>(factory);
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
