namespace FashionFunctions.Tests.Infrastructure;

/// <summary>One database per test run holding all 70,000 images, imported once, with the app serving it.</summary>
public sealed class ImportedDatabaseFixture() : ImportedAppFixture("imported");

[CollectionDefinition(Name)]
public sealed class ImportedDatabase : ICollectionFixture<ImportedDatabaseFixture>
{
    public const string Name = "Imported database";
}
