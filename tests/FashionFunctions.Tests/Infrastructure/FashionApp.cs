using FashionFunctions.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// The app as users run it: its own DI setup over a test database and Azurite, served over real HTTP by the local
/// host on a free loopback port.
/// </summary>
public sealed class FashionApp : IAsyncDisposable
{
    private readonly WebApplication host;

    private FashionApp(WebApplication host, HttpClient client) => (this.host, Http) = (host, client);

    public HttpClient Http { get; }

    public IServiceProvider Services => host.Services;

    public static IReadOnlyDictionary<string, string?> Settings(string connectionString, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:MariaDb"] = connectionString,
            ["AzureWebJobsStorage"] = TestEnvironment.Storage,
            ["urls"] = "http://127.0.0.1:0",
            // Request logs of every test would bury the test results; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Task<FashionApp> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? extra = null) =>
        StartAsync(database.ConnectionString, extra);

    public static async Task<FashionApp> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var host = LocalFunctionsHost.Build([], Settings(connectionString, extra));
        await host.StartAsync();
        return new FashionApp(host, new HttpClient { BaseAddress = host.BaseAddress(), Timeout = TimeSpan.FromMinutes(5) });
    }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.StopAsync();
        await host.DisposeAsync();
    }
}
