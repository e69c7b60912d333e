using System.Text.Json;
using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Drift;

/// <summary>
/// Computes the closed hour and day windows of the active model's live predictions that are not computed yet (back at
/// most Drift:CatchUp), stores each with an idempotent upsert, and posts the webhook when a window crosses a threshold
/// after a judged window that did not. Instances claim an alert with a conditional UPDATE, so it goes out once.
/// </summary>
public sealed class DriftWatch(MariaDb db, ModelRegistry registry, RetrainWebhook webhook, IOptions<DriftOptions> options, TimeProvider clock, ILogger<DriftWatch> log)
{
    public static DateTime WindowStart(DateTime at, DriftWindowLength length) => length == DriftWindowLength.Hour
        ? new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc)
        : DateTime.SpecifyKind(at.Date, DateTimeKind.Utc);

    public static TimeSpan Duration(DriftWindowLength length) => length == DriftWindowLength.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    /// <summary>Why a window crossed: "psi", "oodRate", or nothing (also for a window with too few predictions to judge).</summary>
    public static IReadOnlyList<string> Reasons(long predictions, double? psi, double? oodRate, DriftBaseline baseline, DriftThresholds thresholds)
    {
        if (predictions < thresholds.MinPredictions)
        {
            return [];
        }

        var reasons = new List<string>();
        if (psi >= thresholds.Psi)
        {
            reasons.Add("psi");
        }

        if (oodRate - (baseline.OodRate ?? 0) >= thresholds.OodRateRise)
        {
            reasons.Add("oodRate");
        }

        return reasons;
    }

    /// <summary>Computes every window due now; returns them oldest first (hours, then days).</summary>
    public async Task<IReadOnlyList<DriftWindow>> WatchAsync(CancellationToken ct)
    {
        var model = await registry.GetActiveAsync(ct);
        if (model is null || DriftBaseline.From(model) is not { } baseline)
        {
            log.LogInformation("Drift watch: no active model with Testing figures to compare with");
            return [];
        }

        var computed = new List<DriftWindow>();
        foreach (var length in Enum.GetValues<DriftWindowLength>())
        {
            foreach (var start in await DueAsync(model.Version, length, ct))
            {
                var (window, reasons) = await ComputeAsync(model.Version, length, start, baseline, ct);
                computed.Add(window);
                if (window.Crossed)
                {
                    await AlertIfFirstAsync(window, reasons, ct);
                }
            }
        }

        log.LogInformation("Drift watch computed {Windows} windows of model {ModelVersion}; {Crossed} crossed", computed.Count, model.Version, computed.Count(w => w.Crossed));
        return computed;
    }

    private const string LastSql = "SELECT MAX(window_start) FROM drift_windows WHERE window_length = @length AND model_version = @model";

    // On ix_predictions_created: the first live row of the model from a point on, without reading the model's history.
    private const string FirstSql = """
        SELECT created_at FROM predictions
        WHERE created_at >= @from AND model_version = @model AND NOT shadow
        ORDER BY created_at LIMIT 1
        """;

    /// <summary>Closed windows after the last one computed, within the catch-up bound, from the model's first prediction on.</summary>
    private async Task<IReadOnlyList<DateTime>> DueAsync(long model, DriftWindowLength length, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var duration = Duration(length);
        var lengthName = SqlEnum.Name(length);
        var last = await db.ReadAsync((c, t) => c.ExecuteScalarAsync<DateTime?>(new CommandDefinition(LastSql, new { length = lengthName, model }, cancellationToken: t)), ct);
        var from = WindowStart(now - options.Value.CatchUp, length);
        if (last is { } computed && computed + duration > from)
        {
            from = DateTime.SpecifyKind(computed, DateTimeKind.Utc) + duration;
        }

        var first = await db.ReadAsync((c, t) => c.ExecuteScalarAsync<DateTime?>(new CommandDefinition(FirstSql, new { from, model }, cancellationToken: t)), ct);
        if (first is null)
        {
            return [];
        }

        var due = new List<DateTime>();
        for (var start = WindowStart(first.Value, length); start + duration <= now; start += duration)
        {
            due.Add(start);
        }

        return due;
    }

    private sealed record ClassFigures
    {
        public required int Label { get; init; }
        public required long Predictions { get; init; }
        public required double ConfidenceSum { get; init; }
        public required long Flagged { get; init; }
        public required long Checked { get; init; }
    }

    private const string WindowSql = """
        SELECT predicted_label AS Label, COUNT(*) AS Predictions, SUM(confidence) AS ConfidenceSum,
               CAST(COALESCE(SUM(out_of_distribution), 0) AS SIGNED) AS Flagged, COUNT(out_of_distribution) AS Checked
        FROM predictions
        WHERE created_at >= @start AND created_at < @end AND model_version = @model AND NOT shadow
        GROUP BY predicted_label
        """;

    private const string UpsertSql = """
        INSERT INTO drift_windows (window_start, window_length, model_version, predictions, class_counts, mean_confidence, ood_rate, psi,
                                   judged, crossed, baseline, computed_at)
        VALUES (@Start, @length, @ModelVersion, @Predictions, @classCounts, @MeanConfidence, @OodRate, @Psi, @Judged, @Crossed, @baseline, @ComputedAt)
        ON DUPLICATE KEY UPDATE predictions = VALUES(predictions), class_counts = VALUES(class_counts), mean_confidence = VALUES(mean_confidence),
            ood_rate = VALUES(ood_rate), psi = VALUES(psi), judged = VALUES(judged), crossed = VALUES(crossed), baseline = VALUES(baseline),
            computed_at = VALUES(computed_at)
        """;

    private async Task<(DriftWindow Window, IReadOnlyList<string> Reasons)> ComputeAsync(
        long model, DriftWindowLength length, DateTime start, DriftBaseline baseline, CancellationToken ct)
    {
        var end = start + Duration(length);
        var rows = await db.ReadAsync((c, t) => c.QueryAsync<ClassFigures>(new CommandDefinition(WindowSql, new { start, end, model }, cancellationToken: t)), ct);
        var counts = new long[FashionClasses.Count];
        foreach (var row in rows)
        {
            counts[row.Label] = row.Predictions;
        }

        var predictions = counts.Sum();
        var checkedRows = rows.Sum(r => r.Checked);
        double? psi = predictions == 0 ? null : Math.Round(Psi.Compute(baseline.ClassMix, Psi.Shares(counts)), 6);
        double? oodRate = checkedRows == 0 ? null : Math.Round((double)rows.Sum(r => r.Flagged) / checkedRows, 6);
        var thresholds = DriftThresholds.From(options.Value);
        var reasons = Reasons(predictions, psi, oodRate, baseline, thresholds);
        var window = new DriftWindow
        {
            Start = start,
            End = end,
            Length = length,
            ModelVersion = model,
            Predictions = predictions,
            ClassCounts = counts,
            MeanConfidence = predictions == 0 ? null : Math.Round(rows.Sum(r => r.ConfidenceSum) / predictions, 6),
            OodRate = oodRate,
            Psi = psi,
            Judged = predictions >= thresholds.MinPredictions,
            Crossed = reasons.Count > 0,
            Baseline = baseline,
            ComputedAt = clock.GetUtcNow().UtcDateTime,
        };
        await db.ReadAsync((c, t) => c.ExecuteAsync(new CommandDefinition(UpsertSql, new
        {
            window.Start,
            length = SqlEnum.Name(length),
            window.ModelVersion,
            window.Predictions,
            classCounts = JsonSerializer.Serialize(counts),
            window.MeanConfidence,
            window.OodRate,
            window.Psi,
            window.Judged,
            window.Crossed,
            baseline = JsonSerializer.Serialize(baseline, FashionJson.Web),
            window.ComputedAt,
        }, cancellationToken: t)), ct);
        return (window, reasons);
    }

    private const string PreviousSql = """
        SELECT crossed FROM drift_windows
        WHERE window_length = @length AND model_version = @model AND window_start < @start AND judged
        ORDER BY window_start DESC LIMIT 1
        """;

    private const string ClaimSql = """
        UPDATE drift_windows SET alerted_at = @now
        WHERE window_length = @length AND model_version = @model AND window_start = @start AND crossed AND alerted_at IS NULL
        """;

    private const string DeliveredSql = """
        UPDATE drift_windows SET alert_delivered = @delivered
        WHERE window_length = @length AND model_version = @model AND window_start = @start
        """;

    /// <summary>One post per excursion: only the first crossing window after a judged one under the thresholds alerts.</summary>
    private async Task AlertIfFirstAsync(DriftWindow window, IReadOnlyList<string> reasons, CancellationToken ct)
    {
        var settings = options.Value;
        var key = new { length = SqlEnum.Name(window.Length), model = window.ModelVersion, start = window.Start };
        var previousCrossed = await db.ReadAsync((c, t) => c.ExecuteScalarAsync<bool?>(new CommandDefinition(PreviousSql, key, cancellationToken: t)), ct);
        if (previousCrossed == true)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            log.LogWarning("Drift: {Length} window {Start:u} of model {ModelVersion} crossed ({Reasons}); no Drift:WebhookUrl to tell",
                window.Length, window.Start, window.ModelVersion, string.Join(", ", reasons));
            return;
        }

        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(ClaimSql, new { key.length, key.model, key.start, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
        if (claimed != 1)
        {
            return;
        }

        var alert = new DriftAlert("drift", window.Length, window.Start, window.End, window.ModelVersion, window.Predictions, reasons,
            window.Psi, settings.PsiThreshold, window.OodRate, window.Baseline.OodRate, settings.OodRateRise, window.MeanConfidence,
            window.Baseline.MeanConfidence, $"/api/monitoring/drift?window={SqlEnum.Name(window.Length)}&model={window.ModelVersion}");
        var delivered = await webhook.PostAsync(settings.WebhookUrl, alert, $"drift {key.length} window {window.Start:u}", ct);
        await connection.ExecuteAsync(new CommandDefinition(DeliveredSql, new { key.length, key.model, key.start, delivered }, cancellationToken: CancellationToken.None));
    }

    private sealed record StoredWindow
    {
        public required DateTime Start { get; init; }
        public required long ModelVersion { get; init; }
        public required long Predictions { get; init; }
        public required string ClassCounts { get; init; }
        public double? MeanConfidence { get; init; }
        public double? OodRate { get; init; }
        public double? Psi { get; init; }
        public required bool Judged { get; init; }
        public required bool Crossed { get; init; }
        public required string Baseline { get; init; }
        public required DateTime ComputedAt { get; init; }
        public DateTime? AlertedAt { get; init; }
        public bool? AlertDelivered { get; init; }
    }

    private const string ReportSql = """
        SELECT window_start AS Start, model_version AS ModelVersion, predictions AS Predictions, class_counts AS ClassCounts,
               mean_confidence AS MeanConfidence, ood_rate AS OodRate, psi AS Psi, judged AS Judged, crossed AS Crossed,
               baseline AS Baseline, computed_at AS ComputedAt, alerted_at AS AlertedAt, alert_delivered AS AlertDelivered
        FROM drift_windows
        WHERE window_length = @length AND model_version = @model
        ORDER BY window_start DESC LIMIT @last
        """;

    /// <summary>The last windows of a model (the active one when none is named); null when the named model does not exist.</summary>
    public async Task<DriftReport?> ReportAsync(DriftWindowLength length, int last, long? version, CancellationToken ct)
    {
        var model = version is { } named ? await registry.GetAsync(named, ct) : await registry.GetActiveAsync(ct);
        var thresholds = DriftThresholds.From(options.Value);
        if (model is null)
        {
            return version is null ? new DriftReport(length, null, null, thresholds, []) : null;
        }

        var rows = await db.ReadAsync((c, t) => c.QueryAsync<StoredWindow>(
            new CommandDefinition(ReportSql, new { length = SqlEnum.Name(length), model = model.Version, last }, cancellationToken: t)), ct);
        var windows = rows.Reverse().Select(r => new DriftWindow
        {
            Start = DateTime.SpecifyKind(r.Start, DateTimeKind.Utc),
            End = DateTime.SpecifyKind(r.Start, DateTimeKind.Utc) + Duration(length),
            Length = length,
            ModelVersion = r.ModelVersion,
            Predictions = r.Predictions,
            ClassCounts = JsonSerializer.Deserialize<long[]>(r.ClassCounts)!,
            MeanConfidence = r.MeanConfidence,
            OodRate = r.OodRate,
            Psi = r.Psi,
            Judged = r.Judged,
            Crossed = r.Crossed,
            Baseline = JsonSerializer.Deserialize<DriftBaseline>(r.Baseline, FashionJson.Web)!,
            ComputedAt = r.ComputedAt,
            AlertedAt = r.AlertedAt,
            AlertDelivered = r.AlertDelivered,
        }).ToList();
        return new DriftReport(length, model.Version, DriftBaseline.From(model), thresholds, windows);
    }
}
