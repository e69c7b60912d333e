namespace FashionFunctions.Tests.Infrastructure;

/// <summary>An imported database of its own with an active model (quick SDCA on 20,000 images) and the app serving it.</summary>
public sealed class PredictionFixture() : ImportedAppFixture("predict", Settings, activeModelTrainLimit: 20_000)
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Training:Trainer"] = "sdca",
        ["Training:Hyperparameters:sdca:iterations"] = "20",
        ["Training:ModelsContainer"] = $"models-predict-{TestEnvironment.RunId}",
        ["Predict:ScoreQueue"] = $"score-{TestEnvironment.RunId}",
        ["Predict:ModelCheckSeconds"] = "1",
        ["Predict:MaxBodyBytes"] = "2000000",
    };

    public Task<long> PredictionCount() => Database.ScalarAsync<long>("SELECT COUNT(*) FROM predictions");
}

[CollectionDefinition(Name)]
public sealed class PredictionDatabase : ICollectionFixture<PredictionFixture>
{
    public const string Name = "Prediction database";
}
