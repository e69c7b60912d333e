using FashionFunctions.Dataset;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>One database per test run holding all 70,000 images, imported once, with the app serving it.</summary>
public sealed class ImportedDatabaseFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public FashionApp App { get; private set; } = null!;

    public ImportSummary Import { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("imported");
        App = await FashionApp.StartAsync(Database);
        Import = await App.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ImportedDatabase : ICollectionFixture<ImportedDatabaseFixture>
{
    public const string Name = "Imported database";
}
