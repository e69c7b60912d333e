using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace FashionFunctions.Core.Training.Trainers;

/// <summary>
/// The LightGBM model on the engineered features and a linear softmax model (L-BFGS) on learned patch features, their
/// class probabilities averaged, saved as one model. The two see the image differently (gradient histograms against
/// prototype patches) and err on different images, so the average beats either on validation.
/// </summary>
public sealed class BlendTrainer : ITrainerDefinition
{
    private static readonly LightGbmTrainer Trees = new();

    public string Name => "blend";

    public string Description => "LightGBM on the engineered features averaged with a linear model on learned patch features: most accurate.";

    public string FeatureContract => $"{FashionFeatures.ContractName}+{PatchFeatures.ContractName}";

    // 300 rounds, not the 600 of LightGBM alone: averaged with the linear model, more rounds gained nothing on validation.
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; } =
    [
        .. Trees.Hyperparameters.Select(h => h.Name == "iterations" ? h with { Default = 300 } : h),
        new("patchIterations", 200, 1, 2000, true, "Most L-BFGS iterations of the linear model on the patch features."),
        new("patchL2", 0.1, 0, 100, false, "L2 regularisation of the linear model on the patch features."),
    ];

    public int ThreadsFor(int configured) => configured;

    public ITransformer Fit(MLContext ml, IDataView training, IDataView validation, TrainerSettings settings)
    {
        var trees = Trees.Fit(ml, training, validation, settings);
        var patches = ml.Transforms.CustomMapping<FashionFeatures.Input, PatchFeatures.Output>(PatchFeatures.Factory.Map, PatchFeatures.ContractName).Fit(training);
        var patchRows = PatchRows(ml, training, settings.Threads);
        var standardise = ml.Transforms.NormalizeMeanVariance(nameof(PatchFeatures.Output.Patches)).Fit(patchRows);
        var linear = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            FeatureColumnName = nameof(PatchFeatures.Output.Patches),
            MaximumNumberOfIterations = settings.Whole("patchIterations"),
            L2Regularization = settings.Single("patchL2"),
            NumberOfThreads = settings.Threads,
        }).Fit(standardise.Transform(patchRows));

        var treeScored = trees.Transform(training);
        var keepTreeScore = ml.Transforms.CopyColumns(nameof(Average.Input.TreeScore), "Score").Fit(treeScored);
        var linearScored = linear.Transform(standardise.Transform(patches.Transform(keepTreeScore.Transform(treeScored))));
        var keepPatchScore = ml.Transforms.CopyColumns(nameof(Average.Input.PatchScore), "Score").Fit(linearScored);
        var average = ml.Transforms.CustomMapping<Average.Input, Average.Output>(Average.Factory.Map, Average.ContractName)
            .Fit(keepPatchScore.Transform(linearScored));
        return trees.Append(keepTreeScore).Append(patches).Append(standardise).Append(linear).Append(keepPatchScore).Append(average);
    }

    /// <summary>
    /// The training rows' patch features and labels, computed on every thread: ML.NET would compute them on one while
    /// filling a cache, and they are most of what a row costs.
    /// </summary>
    private static IDataView PatchRows(MLContext ml, IDataView training, int threads)
    {
        var rows = ml.Data.CreateEnumerable<LabelledPixels>(training, reuseRowObject: false).ToArray();
        var features = new LabelledPatches[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            // ML.NET reads a key as 1..n (0 is missing) but loads a [KeyType] uint as 0..n-1: hence the - 1.
            features[i] = new LabelledPatches { Label = rows[i].Label - 1, Patches = new float[PatchFeatures.Length] };
            PatchFeatures.Compute(rows[i].Pixels, features[i].Patches);
        });
        return ml.Data.LoadFromEnumerable(features);
    }

    private sealed class LabelledPixels
    {
        [KeyType(FashionClasses.Count)]
        public uint Label { get; set; }

        [VectorType(FashionFunctions.Core.Images.GrayscalePng.PixelCount)]
        public float[] Pixels { get; set; } = [];
    }

    private sealed class LabelledPatches
    {
        [KeyType(FashionClasses.Count)]
        public uint Label { get; set; }

        [VectorType(PatchFeatures.Length)]
        public float[] Patches { get; set; } = [];
    }

    /// <summary>The mean of the two models' probabilities, and its most probable class (a class index, as the service reads it).</summary>
    public static class Average
    {
        public const string ContractName = "BlendAverage.v1";

        public sealed class Input
        {
            [VectorType(FashionClasses.Count)]
            public float[] TreeScore { get; set; } = [];

            [VectorType(FashionClasses.Count)]
            public float[] PatchScore { get; set; } = [];
        }

        public sealed class Output
        {
            [VectorType(FashionClasses.Count)]
            public float[] Score { get; set; } = [];

            public uint PredictedLabel { get; set; }
        }

        [CustomMappingFactoryAttribute(ContractName)]
        public sealed class Factory : CustomMappingFactory<Input, Output>
        {
            public static void Map(Input input, Output output)
            {
                output.Score = [.. input.TreeScore.Zip(input.PatchScore, (a, b) => (a + b) / 2)];
                output.PredictedLabel = (uint)Array.IndexOf(output.Score, output.Score.Max());
            }

            public override Action<Input, Output> GetMapping() => Map;
        }
    }
}
