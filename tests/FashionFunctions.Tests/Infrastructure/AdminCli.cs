using System.Diagnostics;

namespace FashionFunctions.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real admin CLI (fashion-admin.dll, built beside the tests) as its own process.</summary>
public static class AdminCli
{
    public static Task<CliResult> RunAsync(string? connectionString, params string[] args) =>
        RunAsync(connectionString, new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(string? connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(connectionString, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the CLI without waiting, e.g. to kill it half-way.</summary>
    public static Process Start(string? connectionString, params string[] args) =>
        Start(connectionString, new Dictionary<string, string>(), args);

    public static Process Start(string? connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A folder with no local.settings.json above it, so only the settings given here apply.
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fashion-admin.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ConnectionStrings__MariaDb");
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__MariaDb"] = connectionString;
        }

        start.Environment["AzureWebJobsStorage"] = TestEnvironment.Storage;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }
}
