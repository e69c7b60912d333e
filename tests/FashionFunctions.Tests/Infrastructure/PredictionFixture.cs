using FashionFunctions.Dataset;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>An imported database of its own with an active model (quick SDCA on 20,000 images) and the app serving it.</summary>
public sealed class PredictionFixture : IAsyncLifetime
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

    public TestDatabase Database { get; private set; } = null!;

    public FashionApp App { get; private set; } = null!;

    public ModelVersion Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("predict");
        App = await FashionApp.StartAsync(Database, Settings);
        await App.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
        var outcome = await App.Get<RetrainService>().RunAsync(
            new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 20_000 }, Force = true }, "test", CancellationToken.None);
        Model = outcome.Model ?? throw new InvalidOperationException(outcome.Message);
    }

    public Task<long> PredictionCount() => Database.ScalarAsync<long>("SELECT COUNT(*) FROM predictions");

    public async Task DisposeAsync()
    {
        await App.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(Settings["Training:ModelsContainer"]).DeleteIfExistsAsync();
        await App.Get<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(Settings["Predict:ScoreQueue"]).DeleteIfExistsAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PredictionDatabase : ICollectionFixture<PredictionFixture>
{
    public const string Name = "Prediction database";
}
