using System.ComponentModel.DataAnnotations;

namespace FashionFunctions.Training;

/// <summary>App settings under "Training" (env Training__Name).</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>lightgbm (default: most accurate) or sdca (fast: for quick runs and tests).</summary>
    [Required]
    public string Trainer { get; set; } = Trainers.LightGbm;

    public int Seed { get; set; } = 42;

    [Range(1, 5000)]
    public int Iterations { get; set; } = 100;

    [Range(2, 1024)]
    public int Leaves { get; set; } = 31;

    [Range(0.0001, 1)]
    public double LearningRate { get; set; } = 0.25;

    /// <summary>A new model is promoted unless its accuracy is below the active one's by more than this.</summary>
    [Range(0, 1)]
    public double PromotionTolerance { get; set; } = 0.002;

    [Required]
    public string ModelsContainer { get; set; } = "models";

    [Required]
    public string RetrainQueue { get; set; } = "retrain-requests";

    /// <summary>Where a summary is POSTed when a run ends, unless the request names its own callbackUrl.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// Comma-separated host names a callbackUrl may name even though they resolve to addresses callbacks may not reach
    /// (a receiver inside your network, or a local listener in tests). Empty: none.
    /// </summary>
    public string AllowedCallbackHosts { get; set; } = "";

    public bool AllowsCallbackHost(string host) =>
        AllowedCallbackHosts.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(allowed => string.Equals(allowed, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));
}

public static class Trainers
{
    public const string LightGbm = "lightgbm";
    public const string Sdca = "sdca";

    public static IReadOnlyList<string> All { get; } = [LightGbm, Sdca];
}
