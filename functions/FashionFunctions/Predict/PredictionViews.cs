using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

public sealed record MisclassifiedView(long Id, string UseName, long ImgIdx, string Actual, string Predicted, double Confidence, string Png);

public sealed record PredictionSummaryView(
    long ModelVersion, string Use, long Total, long Labelled, long Correct, double Accuracy, long OutOfDistribution,
    IReadOnlyList<ClassAccuracy> PerClass, IReadOnlyList<ConfusedPair> MostConfused, IReadOnlyList<MisclassifiedView> Misclassified,
    double GroupAccuracy, IReadOnlyList<Core.Explore.GroupAccuracy> PerGroup)
{
    public static PredictionSummaryView From(PredictionSummary summary, HttpRequest request)
    {
        var prefix = request.Path.Value![..request.Path.Value!.IndexOf("/predictions", StringComparison.OrdinalIgnoreCase)];
        return new(summary.ModelVersion, summary.Use, summary.Total, summary.Labelled, summary.Correct, summary.Accuracy, summary.OutOfDistribution,
            summary.PerClass, summary.MostConfused,
            [.. summary.Misclassified.Select(m => new MisclassifiedView(m.Id, m.UseName, m.ImgIdx, m.Actual, m.Predicted, m.Confidence, $"{prefix}/images/{m.UseName}/{m.ImgIdx}/png"))],
            summary.GroupAccuracy, summary.PerGroup);
    }
}
