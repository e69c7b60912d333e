using Dapper;
using MySqlConnector;

namespace FashionFunctions.Predict;

public sealed record PredictionFilter(long? Model, int? Label, bool? Correct, int Limit, int Offset)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
    public const int MaxOffset = 10_000_000;
}

public sealed record PredictionListRow
{
    public required ulong Id { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required ulong ModelVersion { get; init; }

    public required string Source { get; init; }

    public int? ImgUse { get; init; }

    public uint? ImgIdx { get; init; }

    public required int PredictedLabel { get; init; }

    public required float Confidence { get; init; }

    public int? ActualLabel { get; init; }

    public bool? Correct { get; init; }

    public required float LatencyMs { get; init; }
}

public sealed record ClassAccuracy
{
    public required int Label { get; init; }

    public required long Total { get; init; }

    public required long Correct { get; init; }

    public required double Accuracy { get; init; }
}

public sealed record ConfusedPair
{
    public required int Actual { get; init; }

    public required int Predicted { get; init; }

    public required long Count { get; init; }

    /// <summary>Up to five misclassified stored images, "use:idx,use:idx".</summary>
    public string? Examples { get; init; }
}

public sealed record PredictionSummary(long? ModelVersion, long Total, long Correct, double? Accuracy, IReadOnlyList<ClassAccuracy> Classes, IReadOnlyList<ConfusedPair> MostConfused);

/// <summary>Analysis over the predictions table, done in SQL.</summary>
public sealed class PredictionQueries(MySqlDataSource db)
{
    private const string ListSql = """
        SELECT COUNT(*)
        FROM predictions
        WHERE (@model IS NULL OR model_version = @model) AND (@label IS NULL OR predicted_label = @label)
          AND (@correct IS NULL OR correct = @correct);

        SELECT id AS Id, created_at AS CreatedAt, model_version AS ModelVersion, source AS Source, img_use AS ImgUse,
               img_idx AS ImgIdx, predicted_label AS PredictedLabel, confidence AS Confidence, actual_label AS ActualLabel,
               correct AS Correct, latency_ms AS LatencyMs
        FROM predictions
        WHERE (@model IS NULL OR model_version = @model) AND (@label IS NULL OR predicted_label = @label)
          AND (@correct IS NULL OR correct = @correct)
        ORDER BY id DESC
        LIMIT @limit OFFSET @offset;
        """;

    public async Task<(long Total, IReadOnlyList<PredictionListRow> Items)> ListAsync(PredictionFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { model = filter.Model, label = filter.Label, correct = filter.Correct, limit = filter.Limit, offset = filter.Offset };
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ListSql, args, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        return (total, [.. await results.ReadAsync<PredictionListRow>()]);
    }

    // Only rows with a known true label count; the model defaults to the newest one that has predictions.
    // GROUP_CONCAT ... LIMIT is MariaDB 10.3+.
    private const string SummarySql = """
        SET @m = COALESCE(@model, (SELECT MAX(model_version) FROM predictions));

        SELECT @m AS ModelVersion, COUNT(*) AS Total, COALESCE(SUM(correct), 0) AS Correct, AVG(correct) AS Accuracy
        FROM predictions
        WHERE model_version = @m AND actual_label IS NOT NULL AND (@source IS NULL OR source = @source);

        SELECT actual_label AS Label, COUNT(*) AS Total, SUM(correct) AS Correct, AVG(correct) AS Accuracy
        FROM predictions
        WHERE model_version = @m AND actual_label IS NOT NULL AND (@source IS NULL OR source = @source)
        GROUP BY actual_label
        ORDER BY actual_label;

        SELECT actual_label AS Actual, predicted_label AS Predicted, COUNT(*) AS Count,
               GROUP_CONCAT(DISTINCT CONCAT(img_use, ':', img_idx) ORDER BY img_use, img_idx SEPARATOR ',' LIMIT 5) AS Examples
        FROM predictions
        WHERE model_version = @m AND correct = 0 AND (@source IS NULL OR source = @source)
        GROUP BY actual_label, predicted_label
        ORDER BY Count DESC, actual_label, predicted_label
        LIMIT @pairs;
        """;

    public async Task<PredictionSummary> SummaryAsync(long? model, string? source, int pairs, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(SummarySql, new { model, source, pairs }, cancellationToken: ct));
        var overall = await results.ReadSingleAsync<OverallRow>();
        var classes = (await results.ReadAsync<ClassAccuracy>()).ToList();
        var confused = (await results.ReadAsync<ConfusedPair>()).ToList();
        return new PredictionSummary(overall.ModelVersion, overall.Total, overall.Correct, overall.Accuracy, classes, confused);
    }

    private sealed record OverallRow
    {
        public long? ModelVersion { get; init; }

        public required long Total { get; init; }

        public required long Correct { get; init; }

        public double? Accuracy { get; init; }
    }
}
