using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML;

namespace FashionFunctions.Core.Training.Trainers;

/// <summary>Gradient-boosted trees (LightGBM), stopped early when the validation log-loss stops improving.</summary>
public sealed class LightGbmTrainer : ITrainerDefinition
{
    public string Name => "lightgbm";

    public string Description => "Gradient-boosted trees (LightGBM) with row and feature subsampling, early-stopped on validation.";

    public IReadOnlyList<Hyperparameter> Hyperparameters { get; } =
    [
        new("iterations", 200, 1, 5000, true, "Most boosting rounds; early stopping may end sooner."),
        new("earlyStoppingRounds", 20, 0, 500, true, "Stop when validation log-loss has not improved for this many rounds (0: never)."),
        new("leaves", 31, 2, 1024, true, "Leaves per tree."),
        new("learningRate", 0.2, 0.001, 1, false, "Shrinkage per round."),
        new("maxBins", 63, 4, 1024, true, "Histogram bins per feature."),
        new("featureFraction", 0.3, 0.01, 1, false, "Share of features each tree may use."),
        new("subsampleFraction", 0.5, 0.01, 1, false, "Share of rows each round sees (1: all)."),
        new("minExamplesPerLeaf", 20, 1, 10000, true, "Fewest training rows in a leaf."),
        new("l2", 0, 0, 100, false, "L2 regularisation of leaf values."),
    ];

    public int ThreadsFor(int configured) => configured;

    public ITransformer Fit(MLContext ml, IDataView training, IDataView validation, TrainerSettings settings)
    {
        var subsample = settings["subsampleFraction"];
        var options = new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = settings.Whole("iterations"),
            EarlyStoppingRound = settings.Whole("earlyStoppingRounds"),
            NumberOfLeaves = settings.Whole("leaves"),
            LearningRate = settings["learningRate"],
            MaximumBinCountPerFeature = settings.Whole("maxBins"),
            MinimumExampleCountPerLeaf = settings.Whole("minExamplesPerLeaf"),
            Seed = settings.Seed,
            NumberOfThreads = settings.Threads,
            Booster = new GradientBooster.Options
            {
                FeatureFraction = settings["featureFraction"],
                SubsampleFraction = subsample,
                // LightGBM re-draws the row sample every this many rounds; 0 switches sampling off.
                SubsampleFrequency = subsample < 1 ? 1 : 0,
                L2Regularization = settings["l2"],
            },
        };
        var trainer = ml.MulticlassClassification.Trainers.LightGbm(options);
        return settings.Whole("earlyStoppingRounds") > 0 ? trainer.Fit(training, validation) : trainer.Fit(training);
    }
}
