using System.CommandLine;
using System.Text.Json;
using FashionFunctions.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Admin;

/// <summary>Shared plumbing: settings, services, --json output and the exit codes (0 ok, 1 failed, 2 bad usage).</summary>
public static class AdminCommand
{
    public const int Failed = 1;
    public const int BadUsage = 2;

    public static readonly Option<bool> Json = new("--json") { Description = "Write machine-readable JSON to stdout.", Recursive = true };

    // The HTTP API's own JSON (FashionJson), indented: a record reads the same from `--json` as from the API.
    private static readonly JsonSerializerOptions JsonOutput = new(FashionJson.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("Run with --help for usage.");
            return BadUsage;
        }

        return await parsed.InvokeAsync();
    }

    /// <summary>Runs one command body with the app's services; any failure becomes one line on stderr and exit 1.</summary>
    public static async Task<int> ExecuteAsync<T>(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<T>> body, Func<T, string> text, CancellationToken ct)
    {
        try
        {
            await using var services = BuildServices(verbose: !parse.GetValue(Json));
            var result = await body(services, ct);
            Console.WriteLine(parse.GetValue(Json) ? JsonSerializer.Serialize(result, JsonOutput) : text(result));
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: {Flatten(e)}");
            return Failed;
        }
    }

    private static ServiceProvider BuildServices(bool verbose)
    {
        var configuration = new ConfigurationBuilder()
            .AddLocalSettings(LocalSettings.Find(Directory.GetCurrentDirectory()))
            .AddEnvironmentVariables()
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging
                .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
                .AddFilter("System.Net.Http", LogLevel.Warning)
                // stdout carries the command's result (and --json); logs go to stderr.
                .AddSimpleConsole(console => console.SingleLine = true)
                .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddFashionCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static string Flatten(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Flatten(aggregate.InnerExceptions[0]) : e.Message.ReplaceLineEndings(" ");
}
