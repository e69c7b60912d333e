using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Predict;

/// <summary>
/// The active model of this instance: loaded once, re-checked against the registry at most every
/// Predict:ModelCheckSeconds, swapped when another version becomes active. If the registry or Blob Storage fails,
/// the model already loaded keeps serving.
/// </summary>
public sealed class ActiveModel(IModelSource source, IOptions<PredictOptions> options, TimeProvider time, ILogger<ActiveModel> log)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private LoadedModel? current;
    private DateTimeOffset nextCheck = DateTimeOffset.MinValue;

    /// <summary>The model to predict with; throws <see cref="ModelUnavailableException"/> when there is none.</summary>
    public async Task<LoadedModel> GetAsync(CancellationToken ct)
    {
        var loaded = current;
        if (loaded is not null && time.GetUtcNow() < nextCheck)
        {
            return loaded;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (current is null || time.GetUtcNow() >= nextCheck)
            {
                await RefreshAsync(ct);
            }

            return current ?? throw new ModelUnavailableException("No model is active yet: train one and activate it (see issue 3).");
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var active = await source.ActiveAsync(ct);
            if (active is not null && active.Version != current?.Version)
            {
                var zip = await source.DownloadAsync(active, ct);
                current = LoadedModel.Load(active.Version, zip);
                log.LogInformation("Loaded model version {Version}", active.Version);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (current is null)
            {
                throw new ModelUnavailableException($"The active model could not be loaded: {e.Message}");
            }

            log.LogWarning(e, "Could not check for a new model; version {Version} keeps serving", current.Version);
        }

        nextCheck = time.GetUtcNow().AddSeconds(options.Value.ModelCheckSeconds);
    }
}

public sealed class ModelUnavailableException(string message) : Exception(message);
