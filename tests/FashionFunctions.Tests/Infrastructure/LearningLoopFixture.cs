using FashionFunctions.Dataset;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// An imported database of its own with an active model, and an app that adds corrections to training and queues a
/// retrain after three of them. The queue trigger is off: the tests read the queued request instead of running it.
/// </summary>
public sealed class LearningLoopFixture : IAsyncLifetime
{
    public const int Threshold = 3;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Training:Trainer"] = "sdca",
        ["Training:Hyperparameters:sdca:iterations"] = "10",
        ["Training:ModelsContainer"] = $"models-loop-{TestEnvironment.RunId}",
        ["Training:RetrainQueue"] = $"retrain-loop-{TestEnvironment.RunId}",
        ["Training:IncludeFeedback"] = "true",
        ["Training:FeedbackRetrainThreshold"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Training:FeedbackRetrainInterval"] = "1.00:00:00",
        ["AzureWebJobs.RetrainFromQueue.Disabled"] = "true",
        // Every prediction asks the registry for the shadow model, so setting one takes effect at once.
        ["Predict:ModelCheckSeconds"] = "0",
    };

    public TestDatabase Database { get; private set; } = null!;

    public FashionApp App { get; private set; } = null!;

    public ModelVersion Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("loop");
        App = await FashionApp.StartAsync(Database, Settings);
        await App.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
        var outcome = await App.Get<RetrainService>().RunAsync(
            new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 5_000 }, Force = true }, "test", CancellationToken.None);
        Model = outcome.Model ?? throw new InvalidOperationException(outcome.Message);
    }

    public async Task DisposeAsync()
    {
        await App.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(Settings["Training:ModelsContainer"]).DeleteIfExistsAsync();
        await App.Get<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(Settings["Training:RetrainQueue"]).DeleteIfExistsAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LearningLoopDatabase : ICollectionFixture<LearningLoopFixture>
{
    public const string Name = "Learning loop database";
}
