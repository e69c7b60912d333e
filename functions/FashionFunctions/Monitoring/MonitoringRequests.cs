using System.ComponentModel.DataAnnotations;
using FashionFunctions.Core.Drift;

namespace FashionFunctions.Monitoring;

public enum DriftFormat { Json, Png }

/// <summary>Which drift windows to show, and how.</summary>
public sealed record DriftRequest
{
    public const int MaxLast = 24 * 90;

    [FromQuery]
    public DriftWindowLength Window { get; init; } = DriftWindowLength.Hour;

    /// <summary>How many of the latest windows.</summary>
    [FromQuery, Range(1, MaxLast)]
    public int Last { get; init; } = 48;

    /// <summary>The model whose windows to show; the active model when left out.</summary>
    [FromQuery, Range(1, long.MaxValue)]
    public long? Model { get; init; }

    [FromQuery]
    public DriftFormat Format { get; init; } = DriftFormat.Json;

    /// <summary>The chart's width in pixels (png only).</summary>
    [FromQuery, Range(300, 3000)]
    public int Width { get; init; } = 900;

    /// <summary>The chart's height in pixels (png only).</summary>
    [FromQuery, Range(200, 2000)]
    public int Height { get; init; } = 500;
}
