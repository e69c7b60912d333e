using System.ComponentModel.DataAnnotations;
using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

/// <summary>One registry version.</summary>
public sealed record ModelVersionRequest
{
    [FromRoute, Range(1, long.MaxValue)]
    public long Version { get; init; }
}

public enum ConfusionFormat { Json, Png }

public sealed record ConfusionRequest
{
    [FromRoute, Range(1, long.MaxValue)]
    public long Version { get; init; }

    [FromQuery]
    public ConfusionFormat Format { get; init; } = ConfusionFormat.Json;
}

public sealed record ListModelsRequest
{
    public const int MaxLimit = 500;

    [FromQuery, Range(1, MaxLimit)]
    public int Limit { get; init; } = 50;
}

public sealed record RetrainStatusRequest
{
    [FromRoute, RegularExpression(RetrainRequest.RequestIdPatternText, ErrorMessage = "must be 1 to 64 letters, digits, '-' or '_'")]
    public string RequestId { get; init; } = "";
}

/// <summary>A confusion matrix on the Testing images: rows are true classes, columns predicted ones, in class order.</summary>
public sealed record ConfusionView(long Version, IReadOnlyList<string> Classes, long[][] Matrix);

public sealed record RetrainHttpRequest
{
    /// <summary>Optional: everything left out comes from the Training settings.</summary>
    [FromBody, BodyLimit(16 * 1024)]
    public RetrainRequest? Body { get; init; }
}

public sealed record RetrainAccepted(string RequestId, RetrainRequestStatus Status, string Location);
