using System.Diagnostics;
using System.Reflection;
using FashionFunctions.Core.Learning;
using FashionFunctions.Core.Training.Trainers;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace FashionFunctions.Core.Training;

/// <summary>Training rows, the fixed validation rows carved out of Training, and the Testing rows.</summary>
public sealed record TrainingData(TrainingSet Training, TrainingSet Validation, TrainingSet Testing)
{
    /// <summary>Splits the Training images by <see cref="ValidationSplit"/>; a limit keeps the first N training rows (validation stays whole).</summary>
    public static TrainingData Split(TrainingSet allTraining, TrainingSet testing, int? trainLimit)
    {
        var validation = ValidationSplit.Assign(allTraining.Indexes, allTraining.Labels);
        var rows = Enumerable.Range(0, allTraining.Count);
        return new TrainingData(
            allTraining.Subset([.. rows.Where(i => !validation[i]).Take(trainLimit ?? int.MaxValue)]),
            allTraining.Subset([.. rows.Where(i => validation[i])]),
            testing);
    }
}

/// <summary>Out-of-distribution figures: the threshold, and the share flagged of each set (all chosen without Testing).</summary>
public sealed record OutOfDistributionFigures(
    double Threshold, double TargetGarmentsFlagged, double ValidationFlagged, double TestingFlagged, double SyntheticHeldOutFlagged,
    IReadOnlyDictionary<string, double> SyntheticHeldOutFlaggedByKind, int SyntheticFitImages, int SyntheticHeldOutImages);

/// <summary>Temperature scaling fitted on validation, and the expected calibration error before and after it.</summary>
public sealed record CalibrationFigures(double Temperature, double ValidationEceBefore, double ValidationEceAfter, double TestingEce);

public sealed record TrainedModel(
    byte[] Zip,
    TrainerSettings Settings,
    ModelCard Card,
    ModelEvaluation Validation,
    ModelEvaluation Testing,
    byte[] ValidationCorrect,
    CalibrationFigures Calibration,
    OutOfDistributionFigures OutOfDistribution,
    int TrainingRows,
    string DataSha256,
    double TrainingSeconds);

/// <summary>
/// Builds, trains and evaluates a model. The trainer fits on the training rows; everything chosen after that (early
/// stopping, calibration, the out-of-distribution threshold) is chosen on the validation rows and synthetic
/// non-garments; the Testing rows are scored once, at the end, and only reported.
/// </summary>
public static class ImageClassifierTrainer
{
    /// <summary>The code that built a model: this assembly's informational version (with the source revision when built from git).</summary>
    public static string CodeVersion { get; } =
        typeof(ImageClassifierTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Synthetic non-garments the detector is fitted on.</summary>
    public const int SyntheticImages = 2400;

    /// <summary>Synthetic non-garments (other seeds) the detector is reported on.</summary>
    public const int SyntheticHeldOutImages = 1200;

    /// <summary>Every this-many-th training image is a garment the detector is fitted on (about 6,000 of 54,000).</summary>
    private const int GarmentSampleEvery = 9;

    public static TrainedModel Train(TrainingData data, TrainerSettings settings, double garmentsFlagged, CancellationToken ct)
    {
        var definition = TrainerRegistry.Find(settings.Trainer) ?? throw new ArgumentException(TrainerRegistry.Unknown(settings.Trainer));
        var ml = NewContext(settings.Seed);
        var clock = Stopwatch.StartNew();
        var trainingView = data.Training.ToDataView(ml);
        var featurizer = Featurizer(ml).Fit(trainingView);
        var training = ml.Data.Cache(featurizer.Transform(trainingView));
        var validation = ml.Data.Cache(featurizer.Transform(data.Validation.ToDataView(ml)));
        var predictor = definition.Fit(ml, training, validation, settings);
        // A single trainer's predicted label is a key; a blend already gives the class index.
        var scored = predictor.Transform(training);
        ITransformer model = scored.Schema["PredictedLabel"].Type is KeyDataViewType
            ? featurizer.Append(predictor).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored))
            : featurizer.Append(predictor);
        ct.ThrowIfCancellationRequested();

        var validationScores = Score(ml, model, data.Validation, settings.Threads);
        var temperature = QualityStatistics.FitTemperature(validationScores, data.Validation.Labels);
        var eceBefore = QualityStatistics.ExpectedCalibrationError(validationScores, data.Validation.Labels);
        var calibrated = validationScores.Select(s => QualityStatistics.Scale(s, temperature)).ToList();
        var eceAfter = QualityStatistics.ExpectedCalibrationError(calibrated, data.Validation.Labels);
        if (eceAfter >= eceBefore)
        {
            // Calibration is applied only when it helps on validation.
            (temperature, calibrated, eceAfter) = (1, validationScores, eceBefore);
        }

        var fitNegatives = Samples(ml, model, temperature, SyntheticNegatives.Generate(SyntheticImages, seed: settings.Seed).Select(n => n.Pixels));
        var fitGarments = data.Training.Subset([.. Enumerable.Range(0, data.Training.Count).Where(i => i % GarmentSampleEvery == 0)]);
        var garmentSamples = Samples(fitGarments, Score(ml, model, fitGarments, settings.Threads).Select(s => QualityStatistics.Scale(s, temperature)).ToList());
        var detector = OutOfDistributionDetector.Fit(ml, data.Training, garmentSamples, Samples(data.Validation, calibrated), fitNegatives, garmentsFlagged);
        var seconds = clock.Elapsed.TotalSeconds;
        ct.ThrowIfCancellationRequested();

        var heldOut = SyntheticNegatives.Generate(SyntheticHeldOutImages, seed: settings.Seed + 1_000_003);
        var heldOutSamples = Samples(ml, model, temperature, heldOut.Select(n => n.Pixels));
        var heldOutFlags = heldOutSamples.Select(detector.Flags).ToList();
        var byKind = heldOut.Select((n, i) => (n.Kind, Flagged: heldOutFlags[i])).GroupBy(x => x.Kind)
            .ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => Math.Round(g.Average(x => x.Flagged ? 1.0 : 0), 4));

        // Testing, once: reported, never used to choose anything.
        var testingScores = Score(ml, model, data.Testing, settings.Threads).Select(s => QualityStatistics.Scale(s, temperature)).ToList();
        var testingFlagged = Samples(data.Testing, testingScores).Average(s => detector.Flags(s) ? 1.0 : 0);
        var validationFlagged = Samples(data.Validation, calibrated).Average(s => detector.Flags(s) ? 1.0 : 0);

        var card = new ModelCard(definition.FeatureContract, CodeVersion, temperature, detector);
        using var zip = new MemoryStream();
        ml.Model.Save(model, trainingView.Schema, zip);
        return new TrainedModel(
            ModelCard.Attach(zip.ToArray(), card),
            settings,
            card,
            ModelEvaluation.From(calibrated, data.Validation.Labels),
            ModelEvaluation.From(testingScores, data.Testing.Labels),
            ModelEvaluation.CorrectBits(calibrated, data.Validation.Labels),
            new CalibrationFigures(temperature, Math.Round(eceBefore, 5), Math.Round(eceAfter, 5),
                Math.Round(QualityStatistics.ExpectedCalibrationError(testingScores, data.Testing.Labels), 5)),
            new OutOfDistributionFigures(detector.Threshold, garmentsFlagged, Math.Round(validationFlagged, 4), Math.Round(testingFlagged, 4),
                Math.Round(heldOutFlags.Average(f => f ? 1.0 : 0), 4), byKind, fitNegatives.Count, heldOut.Count),
            data.Training.Count,
            data.Training.Sha256(),
            seconds);
    }

    /// <summary>A context that can load saved models, which need the feature mapping registered.</summary>
    public static MLContext NewContext(int? seed = null)
    {
        var ml = new MLContext(seed);
        ml.ComponentCatalog.RegisterAssembly(typeof(FashionFeatures).Assembly);
        return ml;
    }

    private static IEstimator<ITransformer> Featurizer(MLContext ml) =>
        // ByValue: key i is class i, so Score[i] is the probability of class i (the contract in ModelSchema).
        ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.CustomMapping<FashionFeatures.Input, FashionFeatures.Output>(FashionFeatures.Factory.Map, FashionFeatures.ContractName))
            .Append(ml.Transforms.Concatenate("Features", "Engineered"));

    /// <summary>
    /// The model's class probabilities for every row, uncalibrated, in order; the rows are scored in one part per thread
    /// at once (a fitted pipeline is safe to run concurrently; one cursor would score on one core).
    /// </summary>
    private static List<float[]> Score(MLContext ml, ITransformer model, TrainingSet rows, int threads)
    {
        var parts = Enumerable.Range(0, rows.Count).Chunk(Math.Max(1, (rows.Count + threads - 1) / threads)).ToArray();
        var scores = new float[parts.Length][][];
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
            scores[p] = [.. ml.Data.CreateEnumerable<ModelOutput>(model.Transform(rows.Subset(parts[p]).ToDataView(ml)), reuseRowObject: false).Select(o => o.Score)]);
        return [.. scores.SelectMany(s => s)];
    }

    private static List<OutOfDistributionDetector.Sample> Samples(TrainingSet rows, IReadOnlyList<float[]> probabilities) =>
        [.. Enumerable.Range(0, rows.Count).Select(i => OutOfDistributionDetector.Sample.Of(rows.Row(i), probabilities[i]))];

    private static List<OutOfDistributionDetector.Sample> Samples(MLContext ml, ITransformer model, double temperature, IEnumerable<byte[]> images)
    {
        var pixels = images.Select(p => p.Select(v => v / 255f).ToArray()).ToList();
        var view = ml.Data.LoadFromEnumerable(pixels.Select(p => new ModelInput { Pixels = p }));
        var scores = ml.Data.CreateEnumerable<ModelOutput>(model.Transform(view), reuseRowObject: false).Select(o => o.Score).ToList();
        return [.. pixels.Select((p, i) => OutOfDistributionDetector.Sample.Of(p, QualityStatistics.Scale(scores[i], temperature)))];
    }
}
