using System.ComponentModel.DataAnnotations;

namespace FashionFunctions.Core.Predict;

/// <summary>App settings under "Predict" (env Predict__Name).</summary>
public sealed class PredictOptions
{
    public const string Section = "Predict";

    /// <summary>At most this often an instance asks the registry whether another model became active.</summary>
    [Range(0, 3600)]
    public int ModelCheckSeconds { get; set; } = 30;

    /// <summary>Largest accepted request body; larger ones get 413.</summary>
    [Range(1024, 100_000_000)]
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Uploads decoded at the same time by one instance; more wait (default: one per core).</summary>
    [Range(1, 256)]
    public int MaxConcurrentDecodes { get; set; } = Environment.ProcessorCount;

    /// <summary>How long an upload waits for a free decoder before it is answered 503.</summary>
    [Range(1, 300)]
    public int DecodeWaitSeconds { get; set; } = 10;

    /// <summary>Model versions besides the active one kept loaded (a chosen one, the shadow, a batch's); the least recently used is dropped.</summary>
    [Range(1, 16)]
    public int LoadedModelVersions { get; set; } = 2;

    [Required]
    public string ScoreQueue { get; set; } = "score-requests";

    /// <summary>Images per batch scoring message: each chunk is scored by whichever instance takes its message.</summary>
    [Range(100, 100_000)]
    public int BatchChunkSize { get; set; } = 1000;
}
