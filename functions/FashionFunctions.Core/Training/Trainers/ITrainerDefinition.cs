using Microsoft.ML;

namespace FashionFunctions.Core.Training.Trainers;

/// <summary>One tunable number of a trainer: its default, its limits, and whether it is a whole number.</summary>
public sealed record Hyperparameter(string Name, double Default, double Minimum, double Maximum, bool Whole, string Description)
{
    public string? Check(double value) =>
        !double.IsFinite(value) || value < Minimum || value > Maximum
            ? $"must be from {Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : Whole && value != Math.Floor(value) ? "must be a whole number" : null;
}

/// <summary>
/// A trainer the service can use: its name, its hyperparameters (defaults and limits, which also validate requests and
/// settings), and how it fits an ML.NET model on the engineered "Features" column and the key-typed "Label". Every
/// class implementing this is found by <see cref="TrainerRegistry"/>; adding a trainer is adding one class.
/// </summary>
public interface ITrainerDefinition
{
    string Name { get; }

    string Description { get; }

    IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>The feature mappings a model of this trainer computes, joined by '+': a server must provide each to load it.</summary>
    string FeatureContract => FashionFeatures.ContractName;

    /// <summary>
    /// Threads the trainer will use for the configured thread count (some trainers are only deterministic on one), so the
    /// registry records what really ran.
    /// </summary>
    int ThreadsFor(int configured);

    /// <summary>Fits the predictor. Validation rows may steer iterations (early stopping); they are never trained on.</summary>
    ITransformer Fit(MLContext ml, IDataView training, IDataView validation, TrainerSettings settings);
}
