using FashionFunctions.Learning;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace FashionFunctions.Predict;

/// <summary>
/// One model version in memory. ML.NET's PredictionEngine is not thread-safe, so engines are pooled: each call rents
/// one, and the pool keeps as many as there were concurrent callers (up to its retention limit).
/// </summary>
public sealed class LoadedModel
{
    private readonly ObjectPool<PredictionEngine<ModelInput, ModelOutput>> engines;

    private LoadedModel(long version, ITransformer transformer, MLContext ml)
    {
        Version = version;
        engines = new DefaultObjectPool<PredictionEngine<ModelInput, ModelOutput>>(
            new EnginePolicy(ml, transformer), Environment.ProcessorCount * 4);
    }

    public long Version { get; }

    public static LoadedModel Load(long version, byte[] zip)
    {
        var ml = new MLContext();
        using var stream = new MemoryStream(zip);
        return new LoadedModel(version, ml.Model.Load(stream, out _), ml);
    }

    public Prediction Predict(float[] pixels)
    {
        var engine = engines.Get();
        try
        {
            var output = engine.Predict(new ModelInput { Pixels = pixels });
            return Prediction.From(Version, output.Score);
        }
        finally
        {
            engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer) : PooledObjectPolicy<PredictionEngine<ModelInput, ModelOutput>>
    {
        public override PredictionEngine<ModelInput, ModelOutput> Create() =>
            ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(transformer);

        public override bool Return(PredictionEngine<ModelInput, ModelOutput> obj) => true;
    }
}

/// <summary>A model's answer: the most probable class, its probability and all ten.</summary>
public sealed record Prediction(long ModelVersion, int Label, float Confidence, float[] Probabilities)
{
    public string ClassName => FashionClasses.Names[Label];

    public static Prediction From(long version, float[] scores)
    {
        var label = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[label])
            {
                label = i;
            }
        }

        return new Prediction(version, label, scores[label], scores);
    }
}
