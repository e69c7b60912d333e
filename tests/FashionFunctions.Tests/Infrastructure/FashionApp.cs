using FashionFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// The app as users run it: its own DI setup over a test database and Azurite, served by the local host on a free
/// loopback port — HTTP functions over real HTTP, queue and timer functions on the WebJobs trigger engine.
/// </summary>
public sealed class FashionApp : IAsyncDisposable
{
    private static int instances;
    private readonly WebApplication host;

    private FashionApp(WebApplication host, HttpClient client, FunctionLog functions) => (this.host, Http, Functions) = (host, client, functions);

    public HttpClient Http { get; }

    public IServiceProvider Services => host.Services;

    /// <summary>Every queue and timer invocation the trigger engine reported, to wait on.</summary>
    public FunctionLog Functions { get; }

    /// <summary>
    /// Settings of a test app. Each app gets queues of its own unless the test names them (apps over different databases
    /// must not take each other's messages), the run's own host id (the timer's lock and status), and no timer unless a
    /// test enables it.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings(string connectionString, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var instance = Interlocked.Increment(ref instances);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:MariaDb"] = connectionString,
            ["AzureWebJobsStorage"] = TestEnvironment.Storage,
            ["urls"] = "http://127.0.0.1:0",
            // Request logs of every test would bury the test results; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
            [$"Logging:{typeof(FunctionLog).FullName}:LogLevel:Default"] = "Information",
            ["AzureFunctionsWebHost:hostid"] = TestEnvironment.HostId,
            ["Training:RetrainQueue"] = $"retrain-{TestEnvironment.RunId}-{instance}",
            ["Predict:ScoreQueue"] = $"score-{TestEnvironment.RunId}-{instance}",
            ["RetrainSchedule"] = "0 0 2 * * *",
            ["AzureWebJobs.RetrainOnSchedule.Disabled"] = "true",
            ["Drift:Schedule"] = "0 5 * * * *",
            ["AzureWebJobs.WatchDrift.Disabled"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Task<FashionApp> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? replaceServices = null) =>
        StartAsync(database.ConnectionString, extra, replaceServices);

    /// <param name="replaceServices">Registrations that win over the app's own, e.g. a fake clock.</param>
    public static async Task<FashionApp> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? replaceServices = null)
    {
        var host = LocalFunctionsHost.Build([], Settings(connectionString, extra), replaceServices);
        var functions = new FunctionLog();
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(functions);
        await host.StartAsync();
        return new FashionApp(host, new HttpClient { BaseAddress = host.BaseAddress(), Timeout = TimeSpan.FromMinutes(5) }, functions);
    }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.StopAsync();
        await host.DisposeAsync();
    }
}
