using FashionFunctions.Learning;
using FashionFunctions.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace FashionFunctions.Predict;

/// <summary>No model this code can serve is active: none yet, or one whose feature contract this code does not provide.</summary>
public sealed class NoActiveModelException(string? message = null)
    : Exception(message ?? "No model is active yet: train one first (POST /api/models/retrain).");

/// <summary>A model's answer for one image: calibrated probabilities, and whether the image looks like a garment at all.</summary>
public sealed record ModelAnswer(float[] Probabilities, bool OutOfDistribution, double OutOfDistributionScore)
{
    public int Label => QualityStatistics.ArgMax(Probabilities);
}

/// <summary>A loaded model, its card (calibration, detector) and a pool of its prediction engines (a PredictionEngine is not thread-safe).</summary>
public sealed class LoadedModel
{
    private readonly ObjectPool<PredictionEngine<ModelInput, ModelOutput>> engines;

    /// <summary>Refuses a model whose feature contract this code does not provide, before ML.NET sees it.</summary>
    public LoadedModel(long version, byte[] zip)
    {
        Version = version;
        var card = ModelCard.Read(zip);
        Card = FeatureContracts.Refusal(version, card?.FeatureContract) is { } refusal ? throw new NoActiveModelException(refusal) : card!;
        var ml = ImageClassifierTrainer.NewContext();
        var transformer = ml.Model.Load(new MemoryStream(zip), out _);
        engines = new DefaultObjectPool<PredictionEngine<ModelInput, ModelOutput>>(new EnginePolicy(ml, transformer), Environment.ProcessorCount * 4);
    }

    public long Version { get; }

    public ModelCard Card { get; }

    public ModelAnswer Score(float[] pixels)
    {
        var engine = engines.Get();
        float[] raw;
        try
        {
            raw = engine.Predict(new ModelInput { Pixels = pixels }).Score;
        }
        finally
        {
            engines.Return(engine);
        }

        var probabilities = QualityStatistics.Scale(raw, Card.Temperature);
        var sample = OutOfDistributionDetector.Sample.Of(pixels, probabilities);
        var score = Card.OutOfDistribution.Score(sample);
        return new ModelAnswer(probabilities, Card.OutOfDistribution.IsOutOfDistribution(score), score);
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer) : PooledObjectPolicy<PredictionEngine<ModelInput, ModelOutput>>
    {
        public override PredictionEngine<ModelInput, ModelOutput> Create() => ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(transformer);

        public override bool Return(PredictionEngine<ModelInput, ModelOutput> obj) => true;
    }
}

/// <summary>
/// The active model, loaded once per instance and kept; the registry is asked at most every CheckSeconds whether another
/// version became active. If loading a new version fails (e.g. Blob Storage unreachable), the loaded one keeps serving.
/// </summary>
public sealed class ActiveModel(ModelRegistry registry, ModelStore store, IOptions<PredictOptions> options, TimeProvider clock, ILogger<ActiveModel> log)
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private readonly Dictionary<long, LoadedModel> byVersion = [];
    private LoadedModel? current;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    public async Task<LoadedModel> GetAsync(CancellationToken ct)
    {
        if (current is not null && clock.GetUtcNow() - checkedAt < TimeSpan.FromSeconds(options.Value.ModelCheckSeconds))
        {
            return current;
        }

        await loading.WaitAsync(ct);
        try
        {
            if (current is null || clock.GetUtcNow() - checkedAt >= TimeSpan.FromSeconds(options.Value.ModelCheckSeconds))
            {
                await RefreshAsync(ct);
            }

            return current ?? throw new NoActiveModelException();
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>A specific version (batch scoring of an older model); cached like the active one.</summary>
    public async Task<LoadedModel> GetVersionAsync(long version, CancellationToken ct)
    {
        await loading.WaitAsync(ct);
        try
        {
            if (!byVersion.TryGetValue(version, out var model))
            {
                var row = await registry.GetAsync(version, ct);
                if (row is null || row.Status is ModelStatus.Training or ModelStatus.Failed)
                {
                    throw new ArgumentException($"Model version {version} does not exist or was never verified.");
                }

                if (FeatureContracts.Refusal(row.Version, row.FeatureContract) is { } refusal)
                {
                    throw new NoActiveModelException(refusal);
                }

                model = byVersion[version] = new LoadedModel(version, await store.DownloadAsync(row.BlobName, row.Sha256, ct));
            }

            return model;
        }
        finally
        {
            loading.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var active = await registry.GetActiveAsync(ct);
            checkedAt = clock.GetUtcNow();
            if (active is null || active.Version == current?.Version)
            {
                current = active is null ? null : current;
                return;
            }

            if (FeatureContracts.Refusal(active.Version, active.FeatureContract) is { } refusal)
            {
                throw new NoActiveModelException(refusal);
            }

            if (!byVersion.TryGetValue(active.Version, out var model))
            {
                model = new LoadedModel(active.Version, await store.DownloadAsync(active.BlobName, active.Sha256, ct));
                byVersion.Clear();
                byVersion[active.Version] = model;
            }

            log.LogInformation("Serving model {ModelVersion}", active.Version);
            current = model;
        }
        catch (Exception e) when (current is not null && e is not OperationCanceledException)
        {
            // Keep serving what is loaded; try again at the next check.
            checkedAt = clock.GetUtcNow();
            log.LogWarning("Could not load the active model, still serving {ModelVersion}: {Error}", current.Version, e.Message);
        }
    }
}
