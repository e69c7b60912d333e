using System.ComponentModel.DataAnnotations;
using FashionFunctions.Core.Feedback;

namespace FashionFunctions.Feedback;

public sealed record LabelPredictionRequest
{
    [FromRoute, Range(1, long.MaxValue)]
    public long Id { get; init; }

    [FromBody, BodyLimit(1024), Required]
    public LabelBody? Body { get; init; }
}

/// <summary>The true class of the image a prediction saw.</summary>
public sealed record LabelBody
{
    [Required, Range(0, FashionClasses.Count - 1)]
    public int? Label { get; init; }
}
