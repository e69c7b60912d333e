using System.Diagnostics;

namespace FashionFunctions.Benchmarks;

/// <summary>One local host process over the benchmark database, counting the chunks it scored from its own log.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private int chunks;

    private HostProcess(string name, Process process, int port) =>
        (Name, this.process, Http) = (name, process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });

    public string Name { get; }

    public HttpClient Http { get; }

    public int ChunksScored => chunks;

    /// <summary>The process's resident memory now.</summary>
    public long WorkingSet
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    public static async Task<HostProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FashionFunctions.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings.Where(s => s.Key != "urls" && !s.Key.StartsWith("Logging", StringComparison.Ordinal)))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = new HostProcess(name, Process.Start(start)!, port);
        host.process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Application started.", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }

            if (line.Data?.Contains("Executed 'ScoreFromQueue' (Succeeded", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref host.chunks);
            }
        };
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
