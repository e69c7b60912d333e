using FashionFunctions.Dataset;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// An imported database of its own for the training tests (they change the registry), with the app configured for
/// quick SDCA runs and this run's own blob container and queue in Azurite.
/// </summary>
public sealed class TrainingFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> QuickTraining = new Dictionary<string, string?>
    {
        ["Training:Trainer"] = "sdca",
        ["Training:Hyperparameters:sdca:iterations"] = "10",
        ["Training:ModelsContainer"] = $"models-{TestEnvironment.RunId}",
        ["Training:RetrainQueue"] = $"retrain-{TestEnvironment.RunId}",
        ["RetrainSchedule"] = "0 0 2 * * *",
        ["Training:AllowedCallbackHosts"] = "127.0.0.1",
    };

    public TestDatabase Database { get; private set; } = null!;

    public FashionApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("training");
        App = await FashionApp.StartAsync(Database, QuickTraining);
        await App.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await App.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(QuickTraining["Training:ModelsContainer"]).DeleteIfExistsAsync();
        await App.Get<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(QuickTraining["Training:RetrainQueue"]).DeleteIfExistsAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TrainingDatabase : ICollectionFixture<TrainingFixture>
{
    public const string Name = "Training database";
}
