using FashionFunctions.Core.Training;
using FashionFunctions.Training;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// Learns the <see cref="PatchFilterBank"/> the service ships (not a measurement; it lives here beside the other
/// full-dataset runs): random 5x5 patches of every third training row of the validation split, normalised as
/// <see cref="PatchFeatures"/> normalises them, ZCA-whitened (Math.NET's symmetric eigendecomposition of their
/// covariance), then k-means (ML.NET's, one thread, seeded). Options: [output path], default the Core project's resource.
/// </summary>
public sealed class PatchFilterLearning : IBenchmark
{
    private const int Dimensions = PatchFilterBank.Patch * PatchFilterBank.Patch;
    private const int PatchesPerImage = 10;
    private const int EveryNthImage = 3;
    private const int Seed = 42;

    /// <summary>Added to each eigenvalue before whitening, so near-constant directions are not blown up into noise.</summary>
    private const double WhiteningFloor = 0.1;

    public string Name => "patch-filters";

    public async Task RunAsync(string[] args)
    {
        var output = args.FirstOrDefault() ?? Path.Combine(BenchmarkDatabase.FindRepositoryRoot(), "functions", "FashionFunctions.Core", "Training", "patch-filters.bin");
        await using var database = await BenchmarkDatabase.CreateAsync("patchfilters");
        await using var services = await database.ServicesAsync(import: true);
        var db = services.GetRequiredService<MySqlDataSource>();
        var training = await TrainingSet.ReadAsync(db, ImageUse.Training, null, CancellationToken.None);
        var testing = await TrainingSet.ReadAsync(db, ImageUse.Testing, 1, CancellationToken.None);
        var rows = TrainingData.Split(training, testing, null).Training;

        var bank = Learn([.. Enumerable.Range(0, rows.Count).Where(i => i % EveryNthImage == 0).Select(rows.Row)]);
        await using (var file = File.Create(output))
        {
            bank.Write(file);
        }

        Console.WriteLine($"patch-filters: {bank.Count} prototypes from {rows.Count / EveryNthImage:N0} training images written to {output}");
    }

    public static PatchFilterBank Learn(IReadOnlyList<float[]> images)
    {
        var random = new Random(Seed);
        var patches = new List<float[]>(images.Count * PatchesPerImage);
        foreach (var image in images)
        {
            for (var i = 0; i < PatchesPerImage; i++)
            {
                var (x, y) = (random.Next(PatchFeatures.Positions), random.Next(PatchFeatures.Positions));
                var patch = new float[Dimensions];
                PatchFeatures.CopyPatch(image, x, y, patch);
                patches.Add([.. PatchFeatures.Normalise(patch)]);
            }
        }

        var data = Matrix<double>.Build.Dense(patches.Count, Dimensions, (r, c) => patches[r][c]);
        var mean = data.ColumnSums() / patches.Count;
        var centred = data - Matrix<double>.Build.Dense(patches.Count, Dimensions, (_, c) => mean[c]);
        var eigen = (centred.TransposeThisAndMultiply(centred) / (patches.Count - 1)).Evd(Symmetricity.Symmetric);
        var scaling = Matrix<double>.Build.DiagonalOfDiagonalArray([.. eigen.EigenValues.Select(e => 1 / Math.Sqrt(e.Real + WhiteningFloor))]);
        var whitening = eigen.EigenVectors * scaling * eigen.EigenVectors.Transpose();
        var whitened = centred * whitening;

        var ml = new MLContext(Seed);
        var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, patches.Count).Select(r => new PatchRow { Features = [.. whitened.Row(r).Select(v => (float)v)] }));
        var kmeans = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            NumberOfClusters = PatchFeatures.Prototypes,
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 100,
        }).Fit(view);
        VBuffer<float>[] centroids = [];
        kmeans.Model.GetClusterCentroids(ref centroids, out var count);
        return new PatchFilterBank(
            [.. mean.Select(v => (float)v)],
            [.. whitening.ToRowMajorArray().Select(v => (float)v)],
            [.. centroids.Take(count).Select(c => c.DenseValues().ToArray())]);
    }

    private sealed class PatchRow
    {
        [VectorType(Dimensions)]
        public float[] Features { get; set; } = [];
    }
}
