using System.Text.Json;
using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Training.Trainers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FashionFunctions.Core.Training;

public sealed record RetrainOutcome(string RequestId, RetrainRequestStatus Status, ModelVersion? Model, bool Promoted, string? Message);

/// <summary>
/// One retraining run, the same for the timer, the queue, the CLI: take the lock (or skip), train on the Training rows,
/// evaluate on the Testing rows, store and verify the blob, register it, promote it if the policy says so, tell the
/// webhook. A failure marks the run failed and leaves the active model alone.
/// </summary>
public sealed class RetrainService(
    MySqlDataSource db,
    ModelRegistry registry,
    RetrainRequests requests,
    ModelStore store,
    RetrainWebhook webhook,
    IOptions<TrainingOptions> options,
    ILogger<RetrainService> log)
{
    // Named per database, so runs against different databases on one server don't block each other. Waits 2 s: a run
    // killed a moment ago holds the lock until the server notices its connection closed.
    private const string LockSql = "SELECT GET_LOCK(CONCAT('fashion-retrain:', DATABASE()), 2)";

    // Released explicitly: a pooled connection keeps its session (and locks) until it is next reused.
    private const string UnlockSql = "SELECT RELEASE_LOCK(CONCAT('fashion-retrain:', DATABASE()))";

    public async Task<RetrainOutcome> RunAsync(RetrainRequest request, string source, CancellationToken ct)
    {
        request = request with { RequestId = request.RequestId ?? RetrainQueue.NewRequestId() };
        var requestId = request.RequestId!;
        using var scope = log.BeginScope(new Dictionary<string, object> { ["RetrainRequestId"] = requestId });
        var recorded = await requests.RecordAsync(requestId, source, request, ct);
        if (recorded.RequestSha256 is { } sha && sha != RetrainRequests.Canonical(request).Sha256)
        {
            log.LogWarning("Retrain {RequestId} not run: another request was recorded under this id", requestId);
            return new RetrainOutcome(requestId, RetrainRequestStatus.Skipped, null, false, "Another request was recorded under this id; this one was not run.");
        }

        if (recorded.Status is RetrainRequestStatus.Succeeded or RetrainRequestStatus.Failed or RetrainRequestStatus.Skipped or RetrainRequestStatus.Cancelled)
        {
            // A message delivered again after its run finished: the run is not repeated.
            log.LogInformation("Retrain {RequestId} already {Status}; not run again", requestId, recorded.Status);
            return new RetrainOutcome(requestId, recorded.Status, null, false, $"Request {requestId} was already {SqlEnum.Name(recorded.Status)}.");
        }

        // The lock lives as long as this connection: a crashed run releases it by dying.
        await using var lockConnection = await db.OpenConnectionAsync(ct);
        if (await lockConnection.ExecuteScalarAsync<long?>(new CommandDefinition(LockSql, cancellationToken: ct)) != 1)
        {
            const string busy = "Another training run is in progress; this request was skipped.";
            if (recorded.Status == RetrainRequestStatus.Running)
            {
                // This very request is running elsewhere (its message was delivered twice): leave its record alone.
                return new RetrainOutcome(requestId, RetrainRequestStatus.Running, null, false, busy);
            }

            log.LogInformation("Retrain {RequestId} skipped: another run holds the lock", requestId);
            await requests.MarkAsync(requestId, RetrainRequestStatus.Skipped, null, busy, ct);
            var skipped = new RetrainOutcome(requestId, RetrainRequestStatus.Skipped, null, false, busy);
            await NotifyAsync(request, skipped, ct);
            return skipped;
        }

        RetrainOutcome outcome;
        try
        {
            if (!await requests.StartAsync(requestId, ct))
            {
                log.LogInformation("Retrain {RequestId} cancelled before it started; not run", requestId);
                return new RetrainOutcome(requestId, RetrainRequestStatus.Cancelled, null, false, $"Request {requestId} was cancelled.");
            }

            await registry.FailInterruptedAsync(ct);
            outcome = await TrainAsync(request, requestId, ct);
            await requests.MarkAsync(requestId, outcome.Status, outcome.Model?.Version, outcome.Message, ct);
        }
        finally
        {
            await lockConnection.ExecuteScalarAsync(new CommandDefinition(UnlockSql, cancellationToken: CancellationToken.None));
        }

        await NotifyAsync(request, outcome, ct);
        return outcome;
    }

    private async Task<RetrainOutcome> TrainAsync(RetrainRequest request, string requestId, CancellationToken ct)
    {
        TrainerSettings settings;
        try
        {
            settings = request.Settings(options.Value);
        }
        catch (ArgumentException e)
        {
            return new RetrainOutcome(requestId, RetrainRequestStatus.Failed, null, false, e.Message);
        }

        var version = await registry.StartAsync(settings, requestId, ct);
        try
        {
            log.LogInformation("Training model {ModelVersion} with {Settings}", version, settings);
            var training = await TrainingSet.ReadAsync(db, ImageUse.Training, null, ct);
            var testing = await TrainingSet.ReadAsync(db, ImageUse.Testing, null, ct);
            if (training.Count == 0 || testing.Count == 0)
            {
                throw new InvalidOperationException("There are no images to train or test on: run the import first.");
            }

            var data = TrainingData.Split(training, testing, request.Options?.TrainLimit);
            // Corrections join the training rows only: validation and Testing stay the article's images.
            var feedback = options.Value.IncludeFeedback ? await TrainingSet.ReadAsync(db, ImageUse.Feedback, null, ct) : null;
            data = feedback is null ? data : data with { Training = data.Training.Append(feedback) };
            var model = await Task.Run(() => ImageClassifierTrainer.Train(data, settings, options.Value.OodTargetRate, ct), ct);
            var blob = await store.UploadAsync(version, model.Zip, ct);
            await registry.CompleteAsync(version, model, blob, ct);
            await registry.RecordFeedbackRowsAsync(version, feedback?.Count ?? 0, ct);
            log.LogInformation("Model {ModelVersion}: validation {Validation:P2}, test {Accuracy:P2}, trained in {Seconds:F1} s",
                version, model.Validation.Accuracy, model.Testing.Accuracy, model.TrainingSeconds);

            var candidate = (await registry.GetAsync(version, ct))!;
            var decision = PromotionPolicy.Decide(candidate, await registry.GetActiveAsync(ct), request.Force, options.Value.PromotionMaxPValue);
            await registry.RecordPromotionAsync(version, decision.Reason, ct);
            if (decision.Promote)
            {
                await registry.ActivateAsync(version, ct);
            }

            return new RetrainOutcome(requestId, RetrainRequestStatus.Succeeded, await registry.GetAsync(version, ct), decision.Promote, decision.Promote ? null : decision.Reason);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Training model {ModelVersion} failed", version);
            await registry.FailAsync(version, e.Message, CancellationToken.None);
            return new RetrainOutcome(requestId, RetrainRequestStatus.Failed, await registry.GetAsync(version, CancellationToken.None), false, e.Message);
        }
    }

    private async Task NotifyAsync(RetrainRequest request, RetrainOutcome outcome, CancellationToken ct)
    {
        var active = await registry.GetActiveAsync(ct);
        var summary = new RetrainSummary(outcome.RequestId, outcome.Status, outcome.Model?.Version,
            outcome.Model?.Accuracy, outcome.Promoted, active?.Version, outcome.Message, DateTime.UtcNow);
        await webhook.NotifyAsync(request.CallbackUrl ?? options.Value.WebhookUrl, summary, ct);
    }
}
