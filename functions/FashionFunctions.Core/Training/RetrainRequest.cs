using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FashionFunctions.Core.Training.Trainers;

namespace FashionFunctions.Core.Training;

/// <summary>
/// What a request may set: the seed, a training limit, and any hyperparameter of the chosen trainer by name (e.g.
/// "iterations"); the rest comes from the Training settings and the trainer's defaults. None of it can make Testing
/// choose a model: promotion is decided on validation.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetrainOverrides
{
    public int? Seed { get; init; }

    /// <summary>Train on the first N training images only (quick runs); validation stays the whole fixed split.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Every other member: hyperparameters of the trainer, checked against its definition.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Hyperparameters { get; init; }
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

    public string? Validate() => Validate(null);

    /// <summary>Null when the request can run; else why not. The trainer is the request's, else the configured one.</summary>
    public string? Validate(string? configuredTrainer)
    {
        var trainer = TrainerRegistry.Find(Trainer ?? configuredTrainer ?? new TrainingOptions().Trainer);
        if (trainer is null)
        {
            return TrainerRegistry.Unknown(Trainer ?? configuredTrainer);
        }

        if (RequestId is not null && !RequestIdPattern().IsMatch(RequestId))
        {
            return "requestId must be 1 to 64 letters, digits, '-' or '_'.";
        }

        if (CallbackUrl is not null && (!Uri.TryCreate(CallbackUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            return $"callbackUrl {InputEcho.Quote(CallbackUrl)} is not an absolute http(s) URL.";
        }

        if (Options is { TrainLimit: < 100 })
        {
            return "options.trainLimit must be at least 100.";
        }

        if (RequestedHyperparameters(out var values) is { } malformed)
        {
            return malformed;
        }

        return TrainerRegistry.Check(trainer, values, "options.");
    }

    IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> System.ComponentModel.DataAnnotations.IValidatableObject.Validate(
        System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Validate() is { } error)
        {
            yield return new(error);
        }
    }

    /// <summary>The trainer's settings: its defaults, then the configured values, then this request's.</summary>
    public TrainerSettings Settings(TrainingOptions options)
    {
        var trainer = TrainerRegistry.Find(Trainer ?? options.Trainer) ?? throw new ArgumentException(TrainerRegistry.Unknown(Trainer ?? options.Trainer));
        if (RequestedHyperparameters(out var requested) is { } malformed)
        {
            throw new ArgumentException(malformed);
        }

        return TrainerRegistry.Resolve(trainer, Options?.Seed ?? options.Seed, options.Threads, options.ConfiguredFor(trainer.Name), requested);
    }

    private string? RequestedHyperparameters(out Dictionary<string, double> values)
    {
        values = [];
        foreach (var (name, value) in Options?.Hyperparameters ?? [])
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
            {
                return $"options.{InputEcho.Quote(name).Trim('\'')} must be a number.";
            }

            values[name] = number;
        }

        return null;
    }

    public const string RequestIdPatternText = "^[A-Za-z0-9_-]{1,64}$";

    [GeneratedRegex(RequestIdPatternText)]
    private static partial Regex RequestIdPattern();
}
