using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Shadow;

public enum ShadowChange { Changed, NotFound, NotEligible }

/// <summary>What a shadow model's live rows say: how often it agrees with the model that answered, and how each fares on labelled rows.</summary>
public sealed record ShadowReport
{
    public required long Version { get; init; }
    public required string Status { get; init; }
    public required long Scored { get; init; }
    public required long Agreed { get; init; }
    public double Agreement => Scored == 0 ? 0 : (double)Agreed / Scored;
    public required long Labelled { get; init; }
    public required long ShadowCorrect { get; init; }
    public required long LiveCorrect { get; init; }
    public double? ShadowAccuracy => Labelled == 0 ? null : (double)ShadowCorrect / Labelled;
    public double? LiveAccuracy => Labelled == 0 ? null : (double)LiveCorrect / Labelled;
}

/// <summary>
/// The shadow model: set and unset in the registry, loaded like the active one (asked for at most every
/// Predict:ModelCheckSeconds), and its evidence read back. A shadow that cannot be loaded is skipped, never failing a prediction.
/// </summary>
public sealed class ShadowModels(MariaDb db, ActiveModel models, IOptions<PredictOptions> options, TimeProvider clock, ILogger<ShadowModels> log)
{
    // One reference, swapped whole: concurrent predictions read a consistent (version, checked at) pair.
    private Lookup last = new(null, DateTimeOffset.MinValue);

    private sealed record Lookup(long? Version, DateTimeOffset CheckedAt);

    private const string ShadowSql = "SELECT version FROM models WHERE status = 'shadow'";

    /// <summary>The loaded shadow model, or null when there is none (or it cannot be loaded now).</summary>
    public async Task<LoadedModel?> GetAsync(CancellationToken ct)
    {
        var lookup = last;
        try
        {
            if (clock.GetUtcNow() - lookup.CheckedAt >= TimeSpan.FromSeconds(options.Value.ModelCheckSeconds))
            {
                var version = await db.ReadAsync((c, t) => c.ExecuteScalarAsync<long?>(new CommandDefinition(ShadowSql, cancellationToken: t)), ct);
                last = lookup = new Lookup(version, clock.GetUtcNow());
            }

            return lookup.Version is { } shadow ? await models.GetVersionAsync(shadow, ct) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not tried again before the next check: a shadow that cannot load must not slow every answer.
            last = new Lookup(null, clock.GetUtcNow());
            log.LogWarning("Shadow model {ModelVersion} not scored until the next check: {Error}", lookup.Version, e.Message);
            return null;
        }
    }

    private const string StatusSql = "SELECT status FROM models WHERE version = @version FOR UPDATE";

    // The shadow before this one goes back to being a candidate: one shadow at a time.
    private const string ReplaceSql = "UPDATE models SET status = 'candidate' WHERE status = 'shadow' AND version <> @version";

    private const string SetSql = "UPDATE models SET status = 'shadow' WHERE version = @version";

    /// <summary>Makes a trained candidate (or retired model) the shadow.</summary>
    public async Task<ShadowChange> SetAsync(long version, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var status = SqlEnum.Parse<ModelStatus>(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(StatusSql, new { version }, transaction, cancellationToken: ct)));
        if (status is null)
        {
            return ShadowChange.NotFound;
        }

        if (status is not (ModelStatus.Candidate or ModelStatus.Retired or ModelStatus.Shadow))
        {
            return ShadowChange.NotEligible;
        }

        await connection.ExecuteAsync(new CommandDefinition(ReplaceSql, new { version }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(SetSql, new { version }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return ShadowChange.Changed;
    }

    private const string UnsetSql = "UPDATE models SET status = 'candidate' WHERE version = @version AND status = 'shadow'";

    /// <summary>Stops a shadow: it is a candidate again, its rows stay.</summary>
    public async Task<ShadowChange> UnsetAsync(long version, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var status = SqlEnum.Parse<ModelStatus>(await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT status FROM models WHERE version = @version", new { version }, cancellationToken: ct)));
        if (status is null)
        {
            return ShadowChange.NotFound;
        }

        if (status == ModelStatus.Shadow)
        {
            await connection.ExecuteAsync(new CommandDefinition(UnsetSql, new { version }, cancellationToken: ct));
        }

        // Unsetting a model that is a candidate already changes nothing, and says so by succeeding.
        return status is ModelStatus.Shadow or ModelStatus.Candidate ? ShadowChange.Changed : ShadowChange.NotEligible;
    }

    private const string ReportSql = """
        SELECT m.version AS Version, m.status AS Status, COUNT(s.id) AS Scored,
               COALESCE(SUM(s.predicted_label = l.predicted_label), 0) AS Agreed,
               COUNT(s.actual_label) AS Labelled, COALESCE(SUM(s.correct), 0) AS ShadowCorrect, COALESCE(SUM(l.correct), 0) AS LiveCorrect
        FROM models m
        LEFT JOIN predictions s ON s.model_version = m.version AND s.shadow
        LEFT JOIN predictions l ON l.id = s.shadow_of
        WHERE m.version = @version
        GROUP BY m.version, m.status
        """;

    /// <summary>The evidence for promotion; null when there is no such model.</summary>
    public async Task<ShadowReport?> ReportAsync(long version, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<ShadowReport>(new CommandDefinition(ReportSql, new { version }, cancellationToken: t)), ct);
}
