using Dapper;
using FashionFunctions.Core.Data;

namespace FashionFunctions.Core.Predict;

public sealed record PredictionFilter(long? Model, int? Label, bool? Correct, int Limit, int Offset)
{
    public const int MaxLimit = 500;
    public const int MaxOffset = 1_000_000;
}

public sealed record PredictionRowView
{
    public required long Id { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required long ModelVersion { get; init; }
    public required string Source { get; init; }
    public string? ImgUse { get; init; }
    public long? ImgIdx { get; init; }
    public required string InputSha256 { get; init; }
    public required int PredictedLabel { get; init; }
    public required string PredictedClass { get; init; }
    public required double Confidence { get; init; }
    public bool? OutOfDistribution { get; init; }
    public double? OodScore { get; init; }
    public int? ActualLabel { get; init; }
    public bool? Correct { get; init; }
    public required double LatencyMs { get; init; }
}

public sealed record ClassAccuracy
{
    public required int Label { get; init; }
    public required string ClassName { get; init; }
    public required long Total { get; init; }
    public required long Correct { get; init; }
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

public sealed record ConfusedPair
{
    public required string Actual { get; init; }
    public required string Predicted { get; init; }
    public required long Count { get; init; }
}

public sealed record Misclassified
{
    public required long Id { get; init; }
    public required string UseName { get; init; }
    public required long ImgIdx { get; init; }
    public required string Actual { get; init; }
    public required string Predicted { get; init; }
    public required double Confidence { get; init; }
}

/// <summary>Accuracy figures count one use only (Testing by default): Training images the model learnt from never inflate them.</summary>
public sealed record PredictionSummary(long ModelVersion, string Use, long Total, long Labelled, long Correct, double Accuracy, long OutOfDistribution,
    IReadOnlyList<ClassAccuracy> PerClass, IReadOnlyList<ConfusedPair> MostConfused, IReadOnlyList<Misclassified> Misclassified,
    double GroupAccuracy, IReadOnlyList<Explore.GroupAccuracy> PerGroup);

/// <summary>The analysis queries over the predictions table.</summary>
public sealed class PredictionQueries(MariaDb db)
{
    private const string ListSql = """
        SELECT p.id AS Id, p.created_at AS CreatedAt, p.model_version AS ModelVersion, p.source AS Source, u.use_name AS ImgUse,
               p.img_idx AS ImgIdx, p.input_sha256 AS InputSha256, p.predicted_label AS PredictedLabel, c.class_name AS PredictedClass,
               p.confidence AS Confidence, p.out_of_distribution AS OutOfDistribution, p.ood_score AS OodScore, p.actual_label AS ActualLabel, p.correct AS Correct, p.latency_ms AS LatencyMs
        FROM predictions p
        JOIN categories c ON c.class_idx = p.predicted_label
        LEFT JOIN img_use u ON u.use_id = p.img_use
        WHERE NOT p.shadow
          AND (@model IS NULL OR p.model_version = @model)
          AND (@label IS NULL OR p.actual_label = @label)
          AND (@correct IS NULL OR p.correct = @correct)
        ORDER BY p.id DESC
        LIMIT @limit OFFSET @offset
        """;

    public async Task<IReadOnlyList<PredictionRowView>> ListAsync(PredictionFilter filter, CancellationToken ct) =>
        [.. await db.ReadAsync((c, t) => c.QueryAsync<PredictionRowView>(new CommandDefinition(ListSql,
            new { model = filter.Model, label = filter.Label, correct = filter.Correct, limit = filter.Limit, offset = filter.Offset }, cancellationToken: t)), ct)];

    private const string LatestModelSql = "SELECT COALESCE((SELECT version FROM models WHERE status = 'active'), (SELECT MAX(model_version) FROM predictions))";

    // Total and OutOfDistribution count every prediction of the model (uploads too); accuracy counts only the stored and
    // batch predictions of images of the one use, whose true label is known.
    private const string SummarySql = """
        SELECT COUNT(*) AS Total,
               COUNT(CASE WHEN img_use = @use THEN actual_label END) AS Labelled,
               COALESCE(SUM(CASE WHEN img_use = @use THEN correct END), 0) AS Correct,
               COALESCE(SUM(out_of_distribution), 0) AS OutOfDistribution
        FROM predictions WHERE model_version = @model;

        SELECT c.class_idx AS Label, c.class_name AS ClassName, COUNT(p.id) AS Total, COALESCE(SUM(p.correct), 0) AS Correct
        FROM categories c
        LEFT JOIN predictions p ON p.actual_label = c.class_idx AND p.model_version = @model AND p.img_use = @use
        GROUP BY c.class_idx, c.class_name
        ORDER BY c.class_idx;

        SELECT a.class_name AS Actual, b.class_name AS Predicted, COUNT(*) AS Count
        FROM predictions p
        JOIN categories a ON a.class_idx = p.actual_label
        JOIN categories b ON b.class_idx = p.predicted_label
        WHERE p.model_version = @model AND p.img_use = @use AND p.correct = 0
        GROUP BY a.class_name, b.class_name
        ORDER BY Count DESC, Actual, Predicted
        LIMIT 10;

        SELECT p.id AS Id, u.use_name AS UseName, p.img_idx AS ImgIdx, a.class_name AS Actual, b.class_name AS Predicted, p.confidence AS Confidence
        FROM predictions p
        JOIN img_use u ON u.use_id = p.img_use
        JOIN categories a ON a.class_idx = p.actual_label
        JOIN categories b ON b.class_idx = p.predicted_label
        WHERE p.model_version = @model AND p.img_use = @use AND p.correct = 0
        ORDER BY p.confidence DESC, p.id
        LIMIT 20;

        SELECT g.group_id AS GroupId, g.group_name AS GroupName, COUNT(p.id) AS Total, COALESCE(SUM(b.group_id = g.group_id), 0) AS Correct
        FROM category_groups g
        JOIN categories a ON a.group_id = g.group_id
        LEFT JOIN predictions p ON p.actual_label = a.class_idx AND p.model_version = @model AND p.img_use = @use
        LEFT JOIN categories b ON b.class_idx = p.predicted_label
        GROUP BY g.group_id, g.group_name
        ORDER BY g.group_id;
        """;

    /// <summary>For one model (default: the active one, else the latest scored) and one use; null when there is none.</summary>
    public async Task<PredictionSummary?> SummaryAsync(long? model, ImageUse use, CancellationToken ct) =>
        await db.ReadAsync(async (connection, token) =>
        {
            var version = model ?? await connection.ExecuteScalarAsync<long?>(new CommandDefinition(LatestModelSql, cancellationToken: token));
            if (version is null)
            {
                return null;
            }

            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(SummarySql, new { model = version, use = (byte)use }, cancellationToken: token));
            var totals = await results.ReadSingleAsync<(long Total, long Labelled, decimal Correct, decimal OutOfDistribution)>();
            var perClass = (await results.ReadAsync<ClassAccuracy>()).ToList();
            var confused = (await results.ReadAsync<ConfusedPair>()).ToList();
            var wrong = (await results.ReadAsync<Misclassified>()).ToList();
            var perGroup = (await results.ReadAsync<Explore.GroupAccuracy>()).ToList();
            var correct = (long)totals.Correct;
            var groupTotal = perGroup.Sum(g => g.Total);
            return new PredictionSummary(version.Value, use.ToString(), totals.Total, totals.Labelled, correct,
                totals.Labelled == 0 ? 0 : (double)correct / totals.Labelled, (long)totals.OutOfDistribution, perClass, confused, wrong,
                groupTotal == 0 ? 0 : (double)perGroup.Sum(g => g.Correct) / groupTotal, perGroup);
        }, ct);
}
