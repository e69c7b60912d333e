using System.ComponentModel.DataAnnotations;
using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

public sealed record ListPredictionsRequest
{
    [FromQuery, Range(1, long.MaxValue)]
    public long? Model { get; init; }

    /// <summary>The true class of the image (predictions of uploads have none).</summary>
    [FromQuery]
    public ClassLabel? Label { get; init; }

    [FromQuery]
    public bool? Correct { get; init; }

    [FromQuery, Range(1, PredictionFilter.MaxLimit)]
    public int Limit { get; init; } = 50;

    [FromQuery, Range(0, PredictionFilter.MaxOffset)]
    public int Offset { get; init; }

    public PredictionFilter Filter => new(Model, Label?.Value, Correct, Limit, Offset);
}

public sealed record SummaryRequest
{
    /// <summary>Default: the active model, else the latest one with predictions.</summary>
    [FromQuery, Range(1, long.MaxValue)]
    public long? Model { get; init; }

    /// <summary>Whose images the accuracy counts: Testing by default, so images a model learnt from never inflate it.</summary>
    [FromQuery]
    public ImageUse Use { get; init; } = ImageUse.Testing;
}

public sealed record PredictUploadRequest
{
    /// <summary>Whether to negate the image; by default the service guesses from the background.</summary>
    [FromQuery]
    public bool? Invert { get; init; }

    /// <summary>The model version to score with (active, candidate or shadow); by default the active model.</summary>
    [FromQuery, Range(1, long.MaxValue)]
    public long? Model { get; init; }
}

/// <summary>One stored image to predict, named by its use and index, and optionally the model version to score it.</summary>
public sealed record PredictStoredRequest
{
    [FromRoute]
    public ImageUse Use { get; init; }

    [FromRoute, Range(0, ImageKey.MaxIdx)]
    public int Idx { get; init; }

    /// <summary>The model version to score with (active, candidate or shadow); by default the active model.</summary>
    [FromQuery, Range(1, long.MaxValue)]
    public long? Model { get; init; }

    public ImageKey Key => new(Use, Idx);
}

public sealed record BatchScoringRequest
{
    [FromBody, BodyLimit(4096), Required]
    public ScoreRequest? Body { get; init; }
}

public sealed record BatchAccepted(string BatchId, ImageUse Use, long ModelVersion, int Images, int Chunks, BatchState Status, string Location);

public sealed record BatchStatusRequest
{
    [FromRoute, RegularExpression("^[0-9a-f]{32}$", ErrorMessage = "must be 32 lowercase hexadecimal digits")]
    public string BatchId { get; init; } = "";
}
