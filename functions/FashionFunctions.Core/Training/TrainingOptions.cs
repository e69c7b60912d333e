using System.ComponentModel.DataAnnotations;
using FashionFunctions.Core.Training.Trainers;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Training;

/// <summary>App settings under "Training" (env Training__Name).</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>A trainer of <see cref="TrainerRegistry"/>: blend (default, most accurate), lightgbm, or sdca (fast: quick runs and tests).</summary>
    [Required]
    public string Trainer { get; set; } = "blend";

    public int Seed { get; set; } = 42;

    /// <summary>Threads a trainer may use (some use one, to stay deterministic); recorded with every model.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 2;

    /// <summary>Per trainer, hyperparameters replacing its defaults (env Training__Hyperparameters__blend__iterations).</summary>
    public Dictionary<string, Dictionary<string, double>> Hyperparameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A candidate replaces the active model only when McNemar's one-sided test on validation is below this.</summary>
    [Range(0.0001, 1)]
    public double PromotionMaxPValue { get; set; } = 0.05;

    /// <summary>
    /// Share of validation garments the out-of-distribution threshold may flag: a policy, the false alarms tolerated,
    /// set with a margin under the 2 % of Testing images the service promises at most.
    /// </summary>
    [Range(0.001, 0.2)]
    public double OodTargetRate { get; set; } = 0.015;

    /// <summary>Whether retraining adds the Feedback images (user corrections) to its training rows; validation and Testing never hold them.</summary>
    public bool IncludeFeedback { get; set; }

    /// <summary>A retrain is queued once this many corrections arrived since the active model was trained; 0 turns it off.</summary>
    [Range(0, 1_000_000)]
    public int FeedbackRetrainThreshold { get; set; } = 100;

    /// <summary>The least time between two retrains queued by corrections, however many arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan FeedbackRetrainInterval { get; set; } = TimeSpan.FromHours(1);

    [Required]
    public string ModelsContainer { get; set; } = "models";

    [Required]
    public string RetrainQueue { get; set; } = "retrain-requests";

    /// <summary>Where a summary is POSTed when a run ends, unless the request names its own callbackUrl.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// Comma-separated host names a callbackUrl may name even though they resolve to addresses callbacks may not reach
    /// (a receiver inside your network, or a local listener in tests). Empty: none. The host of WebhookUrl is trusted
    /// too: the operator chose it.
    /// </summary>
    public string AllowedCallbackHosts { get; set; } = "";

    public bool AllowsCallbackHost(string host) =>
        AllowedCallbackHosts.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Append(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var webhook) ? webhook.Host : "")
            .Any(allowed => allowed.Length > 0 && string.Equals(allowed.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyDictionary<string, double>? ConfiguredFor(string trainer) =>
        Hyperparameters.FirstOrDefault(h => string.Equals(h.Key, trainer, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>Checks on start that the trainer and every configured hyperparameter exist and are within their limits.</summary>
public sealed class TrainingOptionsValidator : IValidateOptions<TrainingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainingOptions options)
    {
        if (TrainerRegistry.Find(options.Trainer) is null)
        {
            return ValidateOptionsResult.Fail($"Training:Trainer: {TrainerRegistry.Unknown(options.Trainer)}");
        }

        foreach (var (trainer, values) in options.Hyperparameters)
        {
            var definition = TrainerRegistry.Find(trainer);
            var error = definition is null ? TrainerRegistry.Unknown(trainer) : TrainerRegistry.Check(definition, values, "");
            if (error is not null)
            {
                return ValidateOptionsResult.Fail($"Training:Hyperparameters:{trainer}: {error}");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
