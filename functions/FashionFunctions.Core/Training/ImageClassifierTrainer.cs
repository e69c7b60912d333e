using System.Diagnostics;
using FashionFunctions.Learning;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace FashionFunctions.Training;

public sealed record TrainerSettings(string Trainer, int Seed, int Iterations, int Leaves, double LearningRate);

public sealed record TrainedModel(byte[] Zip, ModelEvaluation Evaluation, int TrainingRows, int TestingRows, double TrainingSeconds);

/// <summary>Builds, trains and evaluates the ML.NET pipeline: label to key, engineered features, trainer, key back to label.</summary>
public static class ImageClassifierTrainer
{
    public static TrainedModel Train(TrainingSet training, TrainingSet testing, TrainerSettings settings, CancellationToken ct)
    {
        var ml = NewContext(settings.Seed);
        var clock = Stopwatch.StartNew();
        var model = Pipeline(ml, settings).Fit(training.ToDataView(ml));
        var seconds = clock.Elapsed.TotalSeconds;
        ct.ThrowIfCancellationRequested();

        var evaluation = Evaluate(ml, model, testing);
        using var zip = new MemoryStream();
        ml.Model.Save(model, training.ToDataView(ml).Schema, zip);
        return new TrainedModel(zip.ToArray(), evaluation, training.Count, testing.Count, seconds);
    }

    /// <summary>A context that can load saved models, which need the feature mapping registered.</summary>
    public static MLContext NewContext(int? seed = null)
    {
        var ml = new MLContext(seed);
        ml.ComponentCatalog.RegisterAssembly(typeof(FashionFeatures).Assembly);
        return ml;
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, TrainerSettings settings)
    {
        // ByValue: key i is class i, so Score[i] is the probability of class i (the contract in ModelSchema).
        var features = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.CustomMapping<FashionFeatures.Input, FashionFeatures.Output>(FashionFeatures.Factory.Map, FashionFeatures.ContractName))
            .Append(ml.Transforms.Concatenate("Features", "Engineered"));
        IEstimator<ITransformer> trainer = settings.Trainer switch
        {
            Trainers.LightGbm => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfIterations = settings.Iterations,
                NumberOfLeaves = settings.Leaves,
                LearningRate = settings.LearningRate,
                Seed = settings.Seed,
                MinimumExampleCountPerLeaf = 20,
                // Each tree sees half the features: faster, and less overfit on correlated histogram bins.
                Booster = new GradientBooster.Options { FeatureFraction = 0.5 },
            }),
            Trainers.Sdca => ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: settings.Iterations)),
            _ => throw new ArgumentException($"Unknown trainer {InputEcho.Quote(settings.Trainer)}: expected {string.Join(" or ", Trainers.All)}."),
        };
        return features.Append(trainer).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    private static ModelEvaluation Evaluate(MLContext ml, ITransformer model, TrainingSet testing)
    {
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(testing.ToDataView(ml)), "Label");
        var matrix = metrics.ConfusionMatrix;
        var perClass = Enumerable.Range(0, FashionClasses.Count).Select(c =>
        {
            var precision = matrix.PerClassPrecision[c];
            var recall = matrix.PerClassRecall[c];
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new ClassMetrics(c, FashionClasses.Names[c], precision, recall, f1);
        }).ToList();
        var counts = matrix.Counts.Select(row => row.Select(v => (long)v).ToArray()).ToArray();
        return new ModelEvaluation(metrics.MicroAccuracy, metrics.MacroAccuracy, perClass.Average(c => c.F1), metrics.LogLoss, perClass, counts);
    }
}
