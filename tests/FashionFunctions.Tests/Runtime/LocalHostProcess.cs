using System.Diagnostics;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Runtime;

/// <summary>
/// The local host as its own process (`dotnet FashionFunctions.LocalHost.dll`, as run.sh starts it), on a free port,
/// with settings given as environment variables — one instance of the app that a test can kill like a crash. What it
/// logs goes to a FunctionLog, shared by several instances to follow them together.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalHostProcess(string name, Process process, int port)
    {
        Name = name;
        this.process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>Starts an instance and returns once it has logged that it started (HTTP and triggers up).</summary>
    public static async Task<LocalHostProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, FunctionLog log)
    {
        var port = TestEnvironment.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A folder with no local.settings.json above it, so only the settings given here apply.
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FashionFunctions.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings.Where(s => s.Value is not null))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var host = new LocalHostProcess(name, Process.Start(start)!, port);
        host.process.OutputDataReceived += (_, line) => host.Read(line.Data, log);
        host.process.ErrorDataReceived += (_, line) => host.Read(line.Data, log);
        host.process.Exited += (_, _) => host.started.TrySetException(new InvalidOperationException($"{name} exited: {string.Join('\n', host.Lines.TakeLast(20))}"));
        host.process.EnableRaisingEvents = true;
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        await host.started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        return host;
    }

    /// <summary>
    /// Settings for an instance over a test database: those of an in-process test app (the run's host id, queues of its
    /// own, no timer unless asked), with the local host's own log levels, which its FunctionLog reads.
    /// </summary>
    public static Dictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = FashionApp.Settings(database.ConnectionString)
            .Where(s => !s.Key.StartsWith("Logging:", StringComparison.Ordinal) && s.Key != "urls")
            .ToDictionary();
        return settings;
    }

    /// <summary>Ends the process at once, as a crash would: no graceful shutdown, nothing released.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
        process.Dispose();
    }

    private void Read(string? line, FunctionLog log)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        if (line.Contains("Application started.", StringComparison.Ordinal))
        {
            started.TrySetResult();
        }

        log.Read(line, Name);
    }
}
