using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FashionFunctions.Training;

/// <summary>Hyperparameters a request may override; anything left out comes from the Training settings.</summary>
public sealed record RetrainOverrides
{
    public int? Iterations { get; init; }
    public int? Leaves { get; init; }
    public double? LearningRate { get; init; }
    public int? Seed { get; init; }

    /// <summary>Train on the first N training images only (quick runs).</summary>
    public int? TrainLimit { get; init; }
}

/// <summary>The body of POST /api/models/retrain and of a retrain-requests queue message.</summary>
public sealed partial record RetrainRequest : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public string? Trainer { get; init; }
    public RetrainOverrides? Options { get; init; }
    public bool Force { get; init; }
    public string? CallbackUrl { get; init; }
    public string? RequestId { get; init; }

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 8,
    };

    public static JsonSerializerOptions JsonOptions => Strict;

    /// <summary>Parses and validates; on failure says why in a sentence fit for a client or a log.</summary>
    public static bool TryParse(string? json, out RetrainRequest request, out string error)
    {
        request = new RetrainRequest();
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "";
            return true;
        }

        try
        {
            request = JsonSerializer.Deserialize<RetrainRequest>(json, Strict) ?? new RetrainRequest();
        }
        catch (JsonException e)
        {
            error = $"Malformed retrain request: {e.Message}";
            return false;
        }

        error = request.Validate() ?? "";
        return error.Length == 0;
    }

    public string? Validate()
    {
        if (Trainer is not null && !Trainers.All.Contains(Trainer, StringComparer.OrdinalIgnoreCase))
        {
            return $"Unknown trainer {InputEcho.Quote(Trainer)}: expected {string.Join(" or ", Trainers.All)}.";
        }

        if (RequestId is not null && !RequestIdPattern().IsMatch(RequestId))
        {
            return "requestId must be 1 to 64 letters, digits, '-' or '_'.";
        }

        if (CallbackUrl is not null && (!Uri.TryCreate(CallbackUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            return $"callbackUrl {InputEcho.Quote(CallbackUrl)} is not an absolute http(s) URL.";
        }

        return Options switch
        {
            { Iterations: < 1 or > 5000 } => "options.iterations must be from 1 to 5000.",
            { Leaves: < 2 or > 1024 } => "options.leaves must be from 2 to 1024.",
            { LearningRate: <= 0 or > 1 } => "options.learningRate must be above 0 and at most 1.",
            { TrainLimit: < 100 } => "options.trainLimit must be at least 100.",
            _ => null,
        };
    }

    IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> System.ComponentModel.DataAnnotations.IValidatableObject.Validate(
        System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Validate() is { } error)
        {
            yield return new(error);
        }
    }

    public TrainerSettings Settings(TrainingOptions defaults)
    {
        var trainer = (Trainer ?? defaults.Trainer).ToLowerInvariant();
        return new TrainerSettings(
            trainer,
            Options?.Seed ?? defaults.Seed,
            Options?.Iterations ?? (trainer == Trainers.Sdca ? Math.Min(defaults.Iterations, 30) : defaults.Iterations),
            Options?.Leaves ?? defaults.Leaves,
            Options?.LearningRate ?? defaults.LearningRate);
    }

    public const string RequestIdPatternText = "^[A-Za-z0-9_-]{1,64}$";

    [GeneratedRegex(RequestIdPatternText)]
    private static partial Regex RequestIdPattern();
}
