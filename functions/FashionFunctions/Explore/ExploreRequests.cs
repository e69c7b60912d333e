using System.ComponentModel.DataAnnotations;
using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed record ListImagesRequest
{
    [FromQuery]
    public ImageUse? Use { get; init; }

    [FromQuery]
    public ClassLabel? Label { get; init; }

    [FromQuery, Range(1, ImageFilter.MaxLimit)]
    public int Limit { get; init; } = ImageFilter.DefaultLimit;

    [FromQuery, Range(0, ImageFilter.MaxOffset)]
    public int Offset { get; init; }

    public ImageFilter Filter => new(Use, Label?.Value, Limit, Offset);
}

/// <summary>One stored image, named by its use and its index in that use's file.</summary>
public sealed record ImageRequest
{
    [FromRoute]
    public ImageUse Use { get; init; }

    [FromRoute, Range(0, ImageKey.MaxIdx)]
    public int Idx { get; init; }

    public ImageKey Key => new(Use, Idx);
}

public enum ChartFormat { Json, Png, Svg }

public sealed record DistributionRequest
{
    [FromQuery]
    public ChartFormat Format { get; init; } = ChartFormat.Json;
}
