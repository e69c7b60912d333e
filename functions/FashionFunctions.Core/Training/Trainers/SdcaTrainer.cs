using Microsoft.ML.Trainers;
using Microsoft.ML;

namespace FashionFunctions.Core.Training.Trainers;

/// <summary>A linear softmax model by SDCA: quick and small, for short runs and tests.</summary>
public sealed class SdcaTrainer : ITrainerDefinition
{
    public string Name => "sdca";

    public string Description => "Linear maximum-entropy model (SDCA) on min-max scaled features: fast, less accurate.";

    public IReadOnlyList<Hyperparameter> Hyperparameters { get; } =
    [
        new("iterations", 30, 1, 500, true, "Passes over the data."),
        new("l2", 1e-4, 0, 10, false, "L2 regularisation."),
    ];

    // SDCA's parallel updates race by design: only one thread gives the same model twice.
    public int ThreadsFor(int configured) => 1;

    public ITransformer Fit(MLContext ml, IDataView training, IDataView validation, TrainerSettings settings) =>
        ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                MaximumNumberOfIterations = settings.Whole("iterations"),
                L2Regularization = settings.Single("l2"),
                NumberOfThreads = settings.Threads,
            }))
            .Fit(training);
}
