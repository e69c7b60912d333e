using System.Text.Json.Serialization;
using System.Text.Json;
using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Training.Trainers;
using MySqlConnector;

namespace FashionFunctions.Core.Training;

/// <summary>The statuses of models.status, in the SQL ENUM's order (a test holds the two together).</summary>
public enum ModelStatus { Training, Candidate, Active, Retired, Failed, Shadow }

/// <summary>
/// One row of the models table, serialised as plain JSON (API and CLI alike): the JSON columns are read as strings and
/// shown as the objects they hold.
/// </summary>
public sealed record ModelVersion
{
    public required long Version { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required ModelStatus Status { get; init; }
    public required string Trainer { get; init; }

    // Not required: System.Text.Json refuses a required member it ignores.
    [JsonIgnore]
    public string HyperparametersJson { get; init; } = "{}";

    public JsonElement Hyperparameters => Parse(HyperparametersJson)!.Value;
    public int? Seed { get; init; }
    public int? Threads { get; init; }
    public string? FeatureContract { get; init; }
    public string? CodeVersion { get; init; }
    public string? DataSha256 { get; init; }
    public int TrainingRows { get; init; }

    /// <summary>How many of the training rows were Feedback images (user corrections).</summary>
    public int FeedbackRows { get; init; }
    public string? ValidationSplit { get; init; }
    public int ValidationRows { get; init; }
    public double? ValidationAccuracy { get; init; }
    public double? ValidationLogLoss { get; init; }

    /// <summary>Wilson 95 % interval of the validation accuracy over its rows: [low, high].</summary>
    public double[]? ValidationAccuracyCi95 => ValidationAccuracy is { } accuracy && ValidationRows > 0
        ? Interval(QualityStatistics.Wilson95((int)Math.Round(accuracy * ValidationRows), ValidationRows))
        : null;

    [JsonIgnore]
    public byte[]? ValidationCorrect { get; init; }

    public int TestingRows { get; init; }

    /// <summary>Test accuracy, as it was always called here; <see cref="TestAccuracy"/> names it plainly.</summary>
    public double Accuracy { get; init; }

    public double TestAccuracy => Accuracy;

    [JsonIgnore]
    public double? TestAccuracyLow { get; init; }

    [JsonIgnore]
    public double? TestAccuracyHigh { get; init; }

    /// <summary>Wilson 95 % interval of the test accuracy: [low, high].</summary>
    public double[]? TestAccuracyCi95 => TestAccuracyLow is { } low && TestAccuracyHigh is { } high ? [low, high] : null;
    public double MacroAccuracy { get; init; }
    public double MacroF1 { get; init; }
    public double LogLoss { get; init; }

    [JsonIgnore]
    public string? PerClassJson { get; init; }

    public JsonElement? PerClass => Parse(PerClassJson);

    [JsonIgnore]
    public string? ConfusionMatrixJson { get; init; }

    public long[][]? ConfusionMatrix => ConfusionMatrixJson is null ? null : JsonSerializer.Deserialize<long[][]>(ConfusionMatrixJson);

    /// <summary>Test accuracy at the coarse level (Tops, Bottoms, Footwear, Accessories), from the confusion matrix.</summary>
    public double? GroupAccuracy => ConfusionMatrix is { } matrix ? Explore.GroupAccuracy.FromConfusion(matrix).Overall : null;

    public IReadOnlyList<Explore.GroupAccuracy>? PerGroup => ConfusionMatrix is { } matrix ? Explore.GroupAccuracy.FromConfusion(matrix).PerGroup : null;

    [JsonIgnore]
    public string? CalibrationJson { get; init; }

    /// <summary>Temperature and expected calibration error (validation before and after, Testing).</summary>
    public JsonElement? Calibration => Parse(CalibrationJson);

    [JsonIgnore]
    public string? OutOfDistributionJson { get; init; }

    /// <summary>The out-of-distribution threshold and the share flagged of validation, Testing and held-out synthetic images.</summary>
    public JsonElement? OutOfDistribution => Parse(OutOfDistributionJson);

    /// <summary>Mean top (calibrated) probability on Testing: the drift watch's confidence baseline; null for models trained before it was kept.</summary>
    public double? TestingMeanConfidence { get; init; }
    public string? Promotion { get; init; }
    public double TrainingSeconds { get; init; }
    public string BlobName { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public long SizeBytes { get; init; }
    public string? Error { get; init; }
    public string? RequestId { get; init; }

    private static double[] Interval((double Low, double High) ci) => [ci.Low, ci.High];

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary>The models table: the registry of every training run and its figures.</summary>
public sealed class ModelRegistry(MariaDb db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        version AS Version, created_at AS CreatedAt, trainer AS Trainer, hyperparameters AS HyperparametersJson,
        seed AS Seed, threads AS Threads, feature_contract AS FeatureContract, code_version AS CodeVersion, data_sha256 AS DataSha256,
        training_rows AS TrainingRows, feedback_rows AS FeedbackRows, validation_split AS ValidationSplit, validation_rows AS ValidationRows,
        validation_accuracy AS ValidationAccuracy, validation_log_loss AS ValidationLogLoss, validation_correct AS ValidationCorrect,
        testing_rows AS TestingRows, COALESCE(accuracy, 0) AS Accuracy, test_accuracy_low AS TestAccuracyLow,
        test_accuracy_high AS TestAccuracyHigh, COALESCE(macro_accuracy, 0) AS MacroAccuracy, COALESCE(macro_f1, 0) AS MacroF1,
        COALESCE(log_loss, 0) AS LogLoss, per_class AS PerClassJson, confusion_matrix AS ConfusionMatrixJson,
        calibration AS CalibrationJson, out_of_distribution AS OutOfDistributionJson,
        testing_mean_confidence AS TestingMeanConfidence, promotion AS Promotion,
        COALESCE(training_seconds, 0) AS TrainingSeconds, COALESCE(blob_name, '') AS BlobName, COALESCE(sha256, '') AS Sha256,
        COALESCE(size_bytes, 0) AS SizeBytes, status AS Status, error AS Error, request_id AS RequestId
        """;

    private const string ActiveSql = $"SELECT {Columns} FROM models WHERE status = 'active'";

    public async Task<ModelVersion?> GetActiveAsync(CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<ModelVersion>(new CommandDefinition(ActiveSql, cancellationToken: t)), ct);

    private const string OneSql = $"SELECT {Columns} FROM models WHERE version = @version";

    public async Task<ModelVersion?> GetAsync(long version, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<ModelVersion>(new CommandDefinition(OneSql, new { version }, cancellationToken: t)), ct);

    private const string ListSql = $"SELECT {Columns} FROM models ORDER BY version DESC LIMIT @limit";

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(int limit, CancellationToken ct) =>
        [.. await db.ReadAsync((c, t) => c.QueryAsync<ModelVersion>(new CommandDefinition(ListSql, new { limit }, cancellationToken: t)), ct)];

    private const string StartSql = """
        INSERT INTO models (trainer, hyperparameters, seed, threads, feature_contract, code_version, validation_split, status, request_id)
        VALUES (@trainer, @hyperparameters, @seed, @threads, @featureContract, @codeVersion, @validationSplit, 'training', @requestId);
        SELECT LAST_INSERT_ID();
        """;

    public async Task<long> StartAsync(TrainerSettings settings, string requestId, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(StartSql, new
        {
            trainer = settings.Trainer,
            hyperparameters = JsonSerializer.Serialize(settings.Hyperparameters, Json),
            seed = settings.Seed,
            threads = settings.Threads,
            featureContract = TrainerRegistry.Find(settings.Trainer)?.FeatureContract ?? FashionFeatures.ContractName,
            codeVersion = ImageClassifierTrainer.CodeVersion,
            validationSplit = Training.ValidationSplit.Name,
            requestId,
        }, cancellationToken: ct));
    }

    private const string CompleteSql = """
        UPDATE models SET
            hyperparameters = @Hyperparameters, data_sha256 = @DataSha256, training_rows = @TrainingRows,
            validation_rows = @ValidationRows, validation_accuracy = @ValidationAccuracy, validation_correct = @ValidationCorrect,
            validation_log_loss = @ValidationLogLoss, testing_rows = @TestingRows, accuracy = @Accuracy,
            test_accuracy_low = @TestAccuracyLow, test_accuracy_high = @TestAccuracyHigh, macro_accuracy = @MacroAccuracy,
            macro_f1 = @MacroF1, log_loss = @LogLoss, per_class = @PerClass, confusion_matrix = @ConfusionMatrix,
            calibration = @Calibration, out_of_distribution = @OutOfDistribution,
            testing_mean_confidence = @TestingMeanConfidence, training_seconds = @TrainingSeconds,
            blob_name = @BlobName, sha256 = @Sha256, size_bytes = @SizeBytes, status = 'candidate'
        WHERE version = @Version AND status = 'training'
        """;

    /// <summary>Records a trained, stored and verified model as a candidate.</summary>
    public async Task CompleteAsync(long version, TrainedModel model, StoredModel blob, CancellationToken ct)
    {
        var e = model.Testing;
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            Version = version,
            Hyperparameters = JsonSerializer.Serialize(model.Settings.Hyperparameters, Json),
            model.DataSha256,
            model.TrainingRows,
            ValidationRows = model.Validation.Rows,
            ValidationAccuracy = model.Validation.Accuracy,
            model.ValidationCorrect,
            ValidationLogLoss = model.Validation.LogLoss,
            TestingRows = e.Rows,
            e.Accuracy,
            TestAccuracyLow = e.AccuracyCi95Low,
            TestAccuracyHigh = e.AccuracyCi95High,
            e.MacroAccuracy,
            e.MacroF1,
            e.LogLoss,
            PerClass = JsonSerializer.Serialize(e.PerClass, Json),
            ConfusionMatrix = JsonSerializer.Serialize(e.ConfusionMatrix, Json),
            Calibration = JsonSerializer.Serialize(model.Calibration, Json),
            OutOfDistribution = JsonSerializer.Serialize(model.OutOfDistribution, Json),
            TestingMeanConfidence = e.MeanConfidence,
            model.TrainingSeconds,
            blob.BlobName,
            blob.Sha256,
            blob.SizeBytes,
        }, cancellationToken: ct));
        if (updated != 1)
        {
            throw new InvalidOperationException($"Model {version} is no longer training; it was not recorded.");
        }
    }

    private const string FeedbackRowsSql = "UPDATE models SET feedback_rows = @feedbackRows WHERE version = @version";

    public async Task RecordFeedbackRowsAsync(long version, int feedbackRows, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(FeedbackRowsSql, new { version, feedbackRows }, cancellationToken: ct));
    }

    private const string PromotionSql = "UPDATE models SET promotion = @promotion WHERE version = @version";

    /// <summary>Records why a model was or was not promoted.</summary>
    public async Task RecordPromotionAsync(long version, string promotion, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(PromotionSql, new { version, promotion }, cancellationToken: ct));
    }

    private const string FailSql = "UPDATE models SET status = 'failed', error = @error WHERE version = @version AND status = 'training'";

    public async Task FailAsync(long version, string error, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(FailSql, new { version, error }, cancellationToken: ct));
    }

    // Runs only while holding the training lock, so any row still 'training' belongs to a run that died.
    private const string AbandonSql = "UPDATE models SET status = 'failed', error = 'Interrupted: the training run stopped before it finished.' WHERE status = 'training'";

    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(AbandonSql, cancellationToken: ct));
    }

    private const string RetireSql = "UPDATE models SET status = 'retired' WHERE status = 'active' AND version <> @version";

    private const string ActivateSql = "UPDATE models SET status = 'active' WHERE version = @version AND status IN ('candidate', 'retired', 'active', 'shadow')";

    /// <summary>Makes one verified model the active one, in one transaction; false when it cannot be active (failed, training).</summary>
    public async Task<bool> ActivateAsync(long version, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var eligible = SqlEnum.Parse<ModelStatus>(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM models WHERE version = @version FOR UPDATE", new { version }, transaction, cancellationToken: ct)));
        if (eligible is not (ModelStatus.Candidate or ModelStatus.Retired or ModelStatus.Active or ModelStatus.Shadow))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(RetireSql, new { version }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(ActivateSql, new { version }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }
}
