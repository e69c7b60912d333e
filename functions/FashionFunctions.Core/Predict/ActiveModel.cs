using FashionFunctions.Core.Data;
using FashionFunctions.Core.Learning;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace FashionFunctions.Core.Predict;

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

/// <summary>Why a chosen model version cannot score: there is no such version, or it is not one that may be chosen.</summary>
public sealed record ModelRefusal(long Version, bool Unknown, string Detail);

/// <summary>A chosen model version, loaded (and whether the registry says it is the active one), or why it cannot be used.</summary>
public sealed record ModelChoice(LoadedModel? Model, ModelRefusal? Refusal, bool Active = false);

/// <summary>
/// The active model, loaded once per instance and kept; the registry is asked at most every CheckSeconds whether another
/// version became active. If loading a new version fails (e.g. Blob Storage unreachable), the loaded one keeps serving.
/// Other versions (a chosen one, the shadow, a batch's) are kept in a small least-recently-used cache of
/// Predict:LoadedModelVersions, so comparing two models does not download one per request and memory stays bounded.
/// </summary>
public sealed class ActiveModel(ModelRegistry registry, ModelStore store, IOptions<PredictOptions> options, TimeProvider clock, ILogger<ActiveModel> log)
{
    /// <summary>The states a caller may choose a model in: serving, waiting for promotion, or being shadowed.</summary>
    public static readonly IReadOnlyList<ModelStatus> ChoosableStatuses = [ModelStatus.Active, ModelStatus.Candidate, ModelStatus.Shadow];

    private readonly SemaphoreSlim loading = new(1, 1);

    // Most recently used first; read and changed only while holding the loading lock.
    private readonly List<LoadedModel> others = [];
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

    /// <summary>A specific version (batch scoring of an older model, the shadow).</summary>
    public async Task<LoadedModel> GetVersionAsync(long version, CancellationToken ct)
    {
        await loading.WaitAsync(ct);
        try
        {
            if (Loaded(version) is { } model)
            {
                return model;
            }

            var row = await registry.GetAsync(version, ct);
            return row is null || row.Status is ModelStatus.Training or ModelStatus.Failed
                ? throw new ArgumentException($"Model version {version} does not exist or was never verified.")
                : await LoadAsync(row, ct);
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>
    /// A version a caller chose to predict with: only an active, candidate or shadow model with a stored blob. Its status
    /// is read from the registry on every call, so a model retired a moment ago is refused at once.
    /// </summary>
    public async Task<ModelChoice> ChooseAsync(long version, CancellationToken ct)
    {
        if (await registry.GetAsync(version, ct) is not { } row)
        {
            return new(null, new ModelRefusal(version, true, $"No model version {version}."));
        }

        if (!ChoosableStatuses.Contains(row.Status) || row.BlobName.Length == 0)
        {
            return new(null, new ModelRefusal(version, false,
                $"Model version {version} is {SqlEnum.Name(row.Status)}; only an {string.Join(", ", ChoosableStatuses.SkipLast(1).Select(SqlEnum.Name))} or {SqlEnum.Name(ChoosableStatuses[^1])} model can be chosen."));
        }

        if (FeatureContracts.Refusal(row.Version, row.FeatureContract) is { } refusal)
        {
            return new(null, new ModelRefusal(version, false, refusal));
        }

        await loading.WaitAsync(ct);
        try
        {
            return new(Loaded(version) ?? await LoadAsync(row, ct), null, row.Status == ModelStatus.Active);
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>How many versions besides the active one are loaded now (never more than Predict:LoadedModelVersions).</summary>
    public int LoadedOthers => others.Count;

    /// <summary>The loaded version, if it is; another version found is moved to the front as the most recently used.</summary>
    private LoadedModel? Loaded(long version)
    {
        if (current?.Version == version)
        {
            return current;
        }

        var model = others.Find(m => m.Version == version);
        if (model is not null)
        {
            Keep(model);
        }

        return model;
    }

    private void Keep(LoadedModel model)
    {
        others.RemoveAll(m => m.Version == model.Version);
        others.Insert(0, model);
        if (others.Count > options.Value.LoadedModelVersions)
        {
            others.RemoveRange(options.Value.LoadedModelVersions, others.Count - options.Value.LoadedModelVersions);
        }
    }

    /// <summary>Downloads and loads a version that is not the active one; the least recently used other version makes room.</summary>
    private async Task<LoadedModel> LoadAsync(ModelVersion row, CancellationToken ct)
    {
        if (FeatureContracts.Refusal(row.Version, row.FeatureContract) is { } refusal)
        {
            throw new NoActiveModelException(refusal);
        }

        var model = new LoadedModel(row.Version, await store.DownloadAsync(row.BlobName, row.Sha256, ct));
        log.LogInformation("Loaded model {ModelVersion} beside the active one", row.Version);
        Keep(model);
        return model;
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

            var model = Loaded(active.Version) ?? new LoadedModel(active.Version, await store.DownloadAsync(active.BlobName, active.Sha256, ct));
            others.RemoveAll(m => m.Version == active.Version);
            if (current is not null)
            {
                // The version just replaced is the likeliest to be compared with the new one.
                Keep(current);
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
