using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rehab.ReportPage.Tests;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol (a WebSocket to the page target): navigate, evaluate
/// JavaScript, take screenshots. Each instance has its own throw-away profile and a debugging port the browser picks itself
/// (<c>--remote-debugging-port=0</c>, read back from <c>DevToolsActivePort</c>). Console errors, uncaught exceptions and
/// Content-Security-Policy violations are collected so a test can assert the page ran cleanly.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and security (CSP) messages the page produced.</summary>
    public IReadOnlyCollection<string> Problems => _problems.ToArray();

    /// <summary>The browser: <c>REHAB_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("REHAB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<HeadlessChromium> StartAsync(int width, int height)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"Chromium is not installed at {Executable} (apt-get install chromium; scripts/ensure-prerequisites.sh does it).");
        var profile = Directory.CreateTempSubdirectory("rehab-chromium-");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                     "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--lang=sv-SE",
                     $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank",
                 })
            start.ArgumentList.Add(argument);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var browser = new HeadlessChromium(process, profile);
        try
        {
            var port = await DevToolsPortAsync(process, profile, stderr);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var targets = JsonNode.Parse(await http.GetStringAsync("/json/list"))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
            browser._reader = Task.Run(browser.ReadAsync);
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Runtime.enable");
            await browser.SendAsync("Log.enable");
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private static async Task<int> DevToolsPortAsync(Process process, DirectoryInfo profile, StringBuilder stderr)
    {
        var file = Path.Combine(profile.FullName, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {Tail(stderr)}");
            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file);
                if (lines.Length >= 1 && int.TryParse(lines[0], out var port) && port > 0) return port;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Chromium wrote no DevToolsActivePort within {StartTimeout.TotalSeconds} s: {Tail(stderr)}");
    }

    private static string Tail(StringBuilder stderr)
    {
        lock (stderr) return stderr.Length > 2000 ? stderr.ToString(stderr.Length - 2000, 2000) : stderr.ToString();
    }

    /// <summary>Navigates and waits until the document has loaded.</summary>
    public async Task NavigateAsync(string url)
    {
        var result = await SendAsync("Page.navigate", new { url });
        if (result.TryGetProperty("errorText", out var error)) throw new InvalidOperationException($"Navigation to {url} failed: {error}");
        await WaitForAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(30));
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"Evaluating '{expression}' threw: {exception}");
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? v : default;
    }

    /// <summary>Polls a boolean expression until it is true.</summary>
    public async Task WaitForAsync(string expression, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await EvaluateAsync(expression);
            if (value.ValueKind == JsonValueKind.True) return;
            if (clock.Elapsed > timeout) throw new TimeoutException($"'{expression}' was not true within {timeout.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>A PNG of the viewport, or of the whole page at the viewport's width.</summary>
    public async Task<byte[]> ScreenshotAsync(bool fullPage = false)
    {
        object parameters = new { format = "png" };
        if (fullPage)
        {
            var metrics = await SendAsync("Page.getLayoutMetrics");
            var content = metrics.GetProperty("cssContentSize");
            var viewport = metrics.GetProperty("cssLayoutViewport");
            parameters = new
            {
                format = "png",
                captureBeyondViewport = true,
                clip = new
                {
                    x = 0, y = 0, scale = 1,
                    width = viewport.GetProperty("clientWidth").GetDouble(),
                    height = Math.Ceiling(content.GetProperty("height").GetDouble()),
                },
            };
        }
        var shot = await SendAsync("Page.captureScreenshot", parameters);
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    public async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        return await reply.Task.WaitAsync(CommandTimeout);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away or the test is done.
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException("The DevTools connection closed."));
    }

    private void Dispatch(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var id))
        {
            if (!_pending.TryRemove(id.GetInt32(), out var reply)) return;
            if (root.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException($"DevTools: {error}"));
            else reply.TrySetResult(root.GetProperty("result").Clone());
            return;
        }

        var method = root.GetProperty("method").GetString();
        var parameters = root.GetProperty("params");
        switch (method)
        {
            case "Runtime.exceptionThrown":
                _problems.Enqueue("exception: " + parameters.GetProperty("exceptionDetails"));
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert":
                _problems.Enqueue("console: " + parameters.GetProperty("args"));
                break;
            case "Log.entryAdded":
                var entry = parameters.GetProperty("entry");
                if (entry.GetProperty("level").GetString() == "error" || entry.GetProperty("source").GetString() == "security")
                    _problems.Enqueue($"{entry.GetProperty("source")}: {entry.GetProperty("text")} {(entry.TryGetProperty("url", out var url) ? url.GetString() : "")}");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException)
        {
            // Killed below.
        }
        await _stop.CancelAsync();
        _socket.Dispose();
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        await _reader;
        _stop.Dispose();
        try { _profile.Delete(recursive: true); }
        catch (IOException) { /* a crash-pad file still open; the temp folder is cleaned eventually */ }
    }
}
