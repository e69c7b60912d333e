using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Dataset;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// Benchmarks run against their own database (fftest_bench_*, dropped afterwards) on the local MariaDB, and read the
/// dataset from FASHION_MNIST_DIR or ../shared/fashion-mnist, like the tests.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private BenchmarkDatabase(string name, string connectionString) => (Name, ConnectionString) = (name, connectionString);

    public string Name { get; }

    public string ConnectionString { get; }

    public static string Server =>
        Environment.GetEnvironmentVariable("FASHION_TEST_MARIADB") ?? "Server=127.0.0.1;Port=3306;User ID=mdb;Password=letmein";

    public static string Storage => Environment.GetEnvironmentVariable("FASHION_TEST_STORAGE") ?? "UseDevelopmentStorage=true";

    public static string DatasetFolder =>
        Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "fashion-mnist"));

    public static async Task<BenchmarkDatabase> CreateAsync(string purpose)
    {
        var name = $"fftest_bench_{purpose}_{Environment.ProcessId}";
        await using (var server = new MySqlConnection(Server))
        {
            await server.OpenAsync();
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS `{name}`; CREATE DATABASE `{name}` CHARACTER SET utf8mb4");
        }

        return new BenchmarkDatabase(name, new MySqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    /// <summary>Settings of a local host over this database: queues and host id of this process's own, no timer, quiet logs.</summary>
    public Dictionary<string, string?> HostSettings() => new()
    {
        ["ConnectionStrings:MariaDb"] = ConnectionString,
        ["AzureWebJobsStorage"] = Storage,
        ["urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Function"] = "Warning", // host.json logs every invocation; a console line per request is the benchmark's cost, not the app's
        ["AzureFunctionsWebHost:hostid"] = $"bench-{Environment.ProcessId}",
        ["Training:RetrainQueue"] = $"retrain-bench-{Environment.ProcessId}",
        ["Predict:ScoreQueue"] = $"score-bench-{Environment.ProcessId}",
        ["RetrainSchedule"] = "0 0 2 * * *",
        ["AzureWebJobs.RetrainOnSchedule.Disabled"] = "true",
        ["Drift:Schedule"] = "0 5 * * * *",
        ["AzureWebJobs.WatchDrift.Disabled"] = "true",
    };

    /// <summary>The app's core services over this database, migrated, and with the dataset imported when asked.</summary>
    public async Task<ServiceProvider> ServicesAsync(bool import, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MariaDb"] = ConnectionString,
            ["AzureWebJobsStorage"] = Storage,
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddFashionCore(configuration).BuildServiceProvider();
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        if (import)
        {
            await services.GetRequiredService<DatasetImporter>().ImportAsync(DatasetSource.Parse(DatasetFolder), null, CancellationToken.None);
        }

        return services;
    }

    public async ValueTask DisposeAsync()
    {
        await using var server = new MySqlConnection(Server);
        await server.OpenAsync();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }

    public static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FashionFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
