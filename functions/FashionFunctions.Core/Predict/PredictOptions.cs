using System.ComponentModel.DataAnnotations;

namespace FashionFunctions.Predict;

/// <summary>Settings under "Predict" (env Predict__Name).</summary>
public sealed class PredictOptions
{
    public const string Section = "Predict";

    /// <summary>Largest request body accepted by POST predict (413 above it).</summary>
    [Range(1024, 100_000_000)]
    public long MaxBodyBytes { get; set; } = 10_000_000;

    /// <summary>How often, at most, an instance asks the registry whether another model version became active.</summary>
    [Range(0, 3600)]
    public int ModelCheckSeconds { get; set; } = 30;

    /// <summary>The blob container holding the model zips.</summary>
    [Required]
    public string ModelContainer { get; set; } = "models";

    /// <summary>Images predicted and inserted per batch-scoring round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;
}

/// <summary>The queue of batch-scoring requests; a top-level setting so the trigger can name it as %ScoreRequestsQueue%.</summary>
public static class ScoreQueue
{
    public const string Setting = "ScoreRequestsQueue";
    public const string Default = "score-requests";
}
