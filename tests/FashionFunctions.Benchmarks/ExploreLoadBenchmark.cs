using FashionFunctions.Core.Data;
using FashionFunctions.Core.Dataset;
using FashionFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// The exploration API under load through the local host (in this process, so its memory can be read): a mix of
/// listing, metadata, PNG and vector requests, or only the listing's first ten pages of Testing images.
/// Options: [requests=20000] [clients=32] [mix|list].
/// </summary>
public sealed class ExploreLoadBenchmark : IBenchmark
{
    public string Name => "explore-load";

    public async Task RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0]) : 20_000;
        var clients = args.Length > 1 ? int.Parse(args[1]) : 32;
        await using var database = await BenchmarkDatabase.CreateAsync("exploreload");
        await using var app = LocalFunctionsHost.Build([], database.HostSettings());
        await app.StartAsync();
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        await app.Services.GetRequiredService<DatasetImporter>().ImportAsync(DatasetSource.Parse(BenchmarkDatabase.DatasetFolder), null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };

        string[] routes = args.Length > 2 && args[2] == "list"
            ? ["/api/images?use=Testing&limit=20&offset={2}"]
            : ["/api/images?use=Testing&label={0}&limit=20&offset={1}", "/api/images/Testing/{1}", "/api/images/Training/{1}/png", "/api/images/Testing/{1}/vector"];
        HttpRequestMessage Request(int i) =>
            new(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, routes[i % routes.Length], i % 10, i % 10_000, i % 10 * 20));

        await LoadGenerator.RunAsync(http, 2_000, clients, Request); // warm-up: JIT, connection pools
        var before = LoadGenerator.ManagedHeapAfterGc();
        var result = await LoadGenerator.RunAsync(http, requests, clients, Request);
        var after = LoadGenerator.ManagedHeapAfterGc();
        Console.WriteLine($"explore-load: {result}");
        Console.WriteLine($"explore-load: managed heap after full GC {before / 1e6:F1} MB before, {after / 1e6:F1} MB after ({(after - before) / 1e6:+0.0;-0.0} MB)");
        Console.WriteLine($"explore-load: 5xx responses {result.ServerErrors}");
    }
}
