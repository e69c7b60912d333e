using System.Text.Json;
using FashionFunctions.Core.Training;

namespace FashionFunctions.Core.Drift;

public enum DriftWindowLength { Hour, Day }

/// <summary>What a model's live predictions are compared with: its own figures on Testing.</summary>
/// <param name="ClassMix">Share of Testing images predicted as each class (column sums of the Testing confusion matrix).</param>
/// <param name="MeanConfidence">Mean top probability on Testing; null for models trained before it was recorded.</param>
/// <param name="OodRate">Share of Testing images the out-of-distribution detector flagged.</param>
public sealed record DriftBaseline(IReadOnlyList<double> ClassMix, double? MeanConfidence, double? OodRate)
{
    /// <summary>Null when the model has no Testing figures (it never finished training).</summary>
    public static DriftBaseline? From(ModelVersion model)
    {
        if (model.ConfusionMatrix is not { Length: FashionClasses.Count } matrix)
        {
            return null;
        }

        var predicted = Enumerable.Range(0, FashionClasses.Count).Select(c => matrix.Sum(row => row[c])).ToList();
        double? oodRate = model.OutOfDistribution is { ValueKind: JsonValueKind.Object } ood && ood.TryGetProperty("testingFlagged", out var flagged)
            ? flagged.GetDouble()
            : null;
        return new DriftBaseline([.. Psi.Shares(predicted).Select(s => Math.Round(s, 6))], model.TestingMeanConfidence, oodRate);
    }
}

/// <summary>The thresholds a window is judged by.</summary>
public sealed record DriftThresholds(double Psi, double OodRateRise, int MinPredictions)
{
    public static DriftThresholds From(DriftOptions options) => new(options.PsiThreshold, options.OodRateRise, options.MinPredictions);
}

/// <summary>One closed window of one model's live (non-shadow) predictions, against that model's Testing baseline.</summary>
public sealed record DriftWindow
{
    public required DateTime Start { get; init; }
    public required DateTime End { get; init; }
    public required DriftWindowLength Length { get; init; }
    public required long ModelVersion { get; init; }
    public required long Predictions { get; init; }

    /// <summary>Predictions per predicted class, class 0 first.</summary>
    public required IReadOnlyList<long> ClassCounts { get; init; }

    public IReadOnlyList<double> ClassMix => [.. Drift.Psi.Shares(ClassCounts).Select(s => Math.Round(s, 6))];
    public required double? MeanConfidence { get; init; }
    public required double? OodRate { get; init; }

    /// <summary>Population stability index of the class mix against the baseline's; null for an empty window.</summary>
    public required double? Psi { get; init; }

    /// <summary>False when the window held fewer predictions than Drift:MinPredictions: stored, never judged.</summary>
    public required bool Judged { get; init; }

    /// <summary>Judged and over a threshold (PSI, or out-of-distribution rate above the baseline's by Drift:OodRateRise).</summary>
    public required bool Crossed { get; init; }

    public required DriftBaseline Baseline { get; init; }
    public required DateTime ComputedAt { get; init; }

    /// <summary>When an instance claimed this window's alert; null when none went out (not the first window over, or no webhook).</summary>
    public DateTime? AlertedAt { get; init; }

    /// <summary>Whether the webhook answered 2xx.</summary>
    public bool? AlertDelivered { get; init; }
}

/// <summary>The drift watch's answer: the latest windows of one length for one model, oldest first.</summary>
public sealed record DriftReport(
    DriftWindowLength Window, long? ModelVersion, DriftBaseline? Baseline, DriftThresholds Thresholds, IReadOnlyList<DriftWindow> Windows)
{
    /// <summary>Starts of the windows that crossed a threshold.</summary>
    public IReadOnlyList<DateTime> Crossed => [.. Windows.Where(w => w.Crossed).Select(w => w.Start)];
}

/// <summary>What the webhook receives when a window crosses a threshold after one that did not.</summary>
public sealed record DriftAlert(
    string Event,
    DriftWindowLength Window,
    DateTime WindowStart,
    DateTime WindowEnd,
    long ModelVersion,
    long Predictions,
    IReadOnlyList<string> Reasons,
    double? Psi,
    double PsiThreshold,
    double? OodRate,
    double? BaselineOodRate,
    double OodRateRise,
    double? MeanConfidence,
    double? BaselineMeanConfidence,
    string Report);
