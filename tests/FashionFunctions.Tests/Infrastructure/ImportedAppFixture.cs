using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// What every shared fixture is: a database of its own holding all 70,000 images, imported once, and the app serving it
/// with the fixture's settings; optionally an active model trained on a slice of Training. Disposing removes the
/// database and the blob container and queues the settings name.
/// </summary>
public abstract class ImportedAppFixture(string purpose, IReadOnlyDictionary<string, string?>? settings = null, int? activeModelTrainLimit = null)
    : IAsyncLifetime
{
    private static readonly SemaphoreSlim OneImportAtATime = new(1, 1);

    private static readonly string[] QueueSettings = ["Training:RetrainQueue", "Predict:ScoreQueue"];

    public TestDatabase Database { get; private set; } = null!;

    public FashionApp App { get; private set; } = null!;

    public ImportSummary Import { get; private set; } = null!;

    /// <summary>The model active when the fixture was ready (only when the fixture trains one).</summary>
    public ModelVersion Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(purpose);
        App = await FashionApp.StartAsync(Database, settings);
        // Fixtures start side by side; imports one at a time keep the 2-core machine's MariaDB answering in seconds
        // (side by side they gain nothing and stalled it past the connect timeout).
        await OneImportAtATime.WaitAsync();
        try
        {
            Import = await App.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
        }
        finally
        {
            OneImportAtATime.Release();
        }

        if (activeModelTrainLimit is { } limit)
        {
            var outcome = await App.Get<RetrainService>().RunAsync(
                new RetrainRequest { Options = new RetrainOverrides { TrainLimit = limit }, Force = true }, "test", CancellationToken.None);
            // A fixture whose model failed would fail every test in its collection for a reason none of them names.
            Model = outcome is { Status: RetrainRequestStatus.Succeeded, Promoted: true, Model: { } model }
                ? model
                : throw new InvalidOperationException($"The {purpose} fixture's model did not become active ({outcome.Status}): {outcome.Message}");
        }
    }

    public async Task DisposeAsync()
    {
        if (settings?.GetValueOrDefault("Training:ModelsContainer") is { } container)
        {
            await App.Get<BlobServiceClient>().GetBlobContainerClient(container).DeleteIfExistsAsync();
        }

        foreach (var queue in QueueSettings.Select(s => settings?.GetValueOrDefault(s)).OfType<string>())
        {
            await App.Get<QueueServiceClient>().GetQueueClient(queue).DeleteIfExistsAsync();
        }

        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
