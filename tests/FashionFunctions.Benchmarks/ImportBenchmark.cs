using FashionFunctions.Core.Dataset;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Benchmarks;

/// <summary>Full import of the 70,000 images into an empty database, then a rerun over the full table (upserts).</summary>
public sealed class ImportBenchmark : IBenchmark
{
    public string Name => "import";

    public async Task RunAsync(string[] args)
    {
        await using var database = await BenchmarkDatabase.CreateAsync("import");
        await using var services = await database.ServicesAsync(import: false);

        var importer = services.GetRequiredService<DatasetImporter>();
        var source = DatasetSource.Parse(BenchmarkDatabase.DatasetFolder);
        var first = await importer.ImportAsync(source, null, CancellationToken.None);
        var rerun = await importer.ImportAsync(source, null, CancellationToken.None);
        Console.WriteLine($"import into an empty database: {first.Training + first.Testing:N0} images in {first.Seconds:F1} s");
        Console.WriteLine($"import again (upsert over all rows): {rerun.Training + rerun.Testing:N0} images in {rerun.Seconds:F1} s");
    }
}
