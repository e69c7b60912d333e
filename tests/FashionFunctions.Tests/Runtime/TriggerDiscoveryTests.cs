using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using FashionFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.WebJobs;

namespace FashionFunctions.Tests.Runtime;

/// <summary>
/// What the local host serves is what the Functions host would: the same functions, with the same triggers, routes,
/// methods, queue names, schedule and retry policy as the functions.metadata that `dotnet publish` writes for Azure.
/// </summary>
[Collection(RuntimeCollection.Name)]
public sealed class TriggerDiscoveryTests
{
    [Fact]
    public async Task The_local_host_serves_exactly_the_functions_of_the_published_functions_metadata()
    {
        var published = await PublishedMetadataAsync();
        await using var database = await TestDatabase.CreateAsync("discovery", migrate: false);
        await using var app = await FashionApp.StartAsync(database, new Dictionary<string, string?>
        {
            ["AzureWebJobs.RetrainOnSchedule.Disabled"] = "false",
            ["AzureWebJobs.WatchDrift.Disabled"] = "false",
        });

        var served = Http(app).Concat(Triggers(app)).Order().ToList();

        Assert.Equal(published, served);
        Assert.Contains(served, s => s.StartsWith("RetrainOnSchedule timerTrigger %RetrainSchedule% fixedDelay 2 00:05:00", StringComparison.Ordinal));
        Assert.Contains(served, s => s.StartsWith("ScoreFromQueue queueTrigger %Predict:ScoreQueue%", StringComparison.Ordinal));
        Assert.Contains("WatchDrift timerTrigger %Drift:Schedule%", served);
    }

    /// <summary>One line per function: name, trigger type and what the trigger is bound to, retry policy.</summary>
    private static async Task<List<string>> PublishedMetadataAsync()
    {
        var output = Directory.CreateTempSubdirectory("fashion-publish-").FullName;
        try
        {
            // In the tests' own build configuration (bin/<configuration>/<tfm>/), so the build is already up to date.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "publish", Path.Combine(TestEnvironment.RepositoryRoot, "functions", "FashionFunctions", "FashionFunctions.csproj"),
                         "-c", configuration, "-o", output, "-nologo" })
            {
                start.ArgumentList.Add(arg);
            }

            using var publish = Process.Start(start)!;
            var log = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {await log}{await errors}");

            using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata")));
            return [.. metadata.RootElement.EnumerateArray().Select(Describe).Order()];
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string Describe(JsonElement function)
    {
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        var type = trigger.GetProperty("type").GetString()!;
        var target = type switch
        {
            "httpTrigger" => $"/api/{trigger.GetProperty("route").GetString()} {string.Join(',', trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order())}",
            "queueTrigger" => trigger.GetProperty("queueName").GetString(),
            "timerTrigger" => trigger.GetProperty("schedule").GetString(),
            _ => "?",
        };
        var retry = function.TryGetProperty("retry", out var policy)
            ? $" {policy.GetProperty("strategy").GetString()} {policy.GetProperty("maxRetryCount").GetInt32()} {policy.GetProperty("delayInterval").GetString()}"
            : "";
        return $"{function.GetProperty("name").GetString()} {type} {target}{retry}";
    }

    private static IEnumerable<string> Http(FashionApp app) =>
        from endpoint in app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Order()
        select $"{endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName} httpTrigger /{endpoint.RoutePattern.RawText!.TrimStart('/')} {string.Join(',', methods)}";

    /// <summary>The methods the JobHost indexes, read back from their WebJobs attributes.</summary>
    private static IEnumerable<string> Triggers(FashionApp app) =>
        from type in app.Get<ITypeLocator>().GetTypes()
        from method in type.GetMethods().Where(m => m.GetCustomAttribute<FunctionNameAttribute>() is not null)
        let parameter = method.GetParameters()[0]
        let target = parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue
            ? $"queueTrigger {queue.QueueName}"
            : $"timerTrigger {parameter.GetCustomAttribute<TimerTriggerAttribute>()!.ScheduleExpression}"
        let retry = method.GetCustomAttribute<FixedDelayRetryAttribute>() is { } fixedDelay ? $" fixedDelay {fixedDelay.MaxRetryCount} {fixedDelay.DelayInterval}" : ""
        select $"{method.GetCustomAttribute<FunctionNameAttribute>()!.Name} {target}{retry}";
}
