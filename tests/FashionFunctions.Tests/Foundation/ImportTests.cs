using System.Buffers.Binary;
using System.IO.Compression;
using Dapper;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace FashionFunctions.Tests.Foundation;

[Collection(ImportedDatabase.Name)]
public sealed class ImportTests(ImportedDatabaseFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fashion-import-").FullName;

    private DatasetImporter Importer => fixture.App.Get<DatasetImporter>();

    [Fact]
    public async Task The_first_import_reports_every_image()
    {
        Assert.Equal(60_000, fixture.Import.Training);
        Assert.Equal(10_000, fixture.Import.Testing);
        Assert.Equal(70_000, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images"));
    }

    [Fact]
    public async Task Importing_again_leaves_exactly_70000_unchanged_rows()
    {
        var before = await Checksum();

        await Importer.ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);

        Assert.Equal(70_000, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images"));
        Assert.Equal(before, await Checksum());
    }

    [Fact]
    public async Task A_truncated_file_fails_clearly_and_changes_nothing()
    {
        CopyDataset();
        var images = File.ReadAllBytes(Path.Combine(TestEnvironment.DatasetFolder, DatasetSource.TestImages));
        var raw = Gunzip(images);
        WriteGzip(DatasetSource.TestImages, raw[..(raw.Length / 2)]);
        var before = await Checksum();

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() =>
            Importer.ImportAsync(DatasetSource.Parse(folder), null, CancellationToken.None));

        Assert.Contains(DatasetSource.TestImages, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(before, await Checksum());
    }

    [Fact]
    public async Task A_cut_off_gzip_stream_fails_clearly_and_changes_nothing()
    {
        CopyDataset();
        var labels = File.ReadAllBytes(Path.Combine(TestEnvironment.DatasetFolder, DatasetSource.TrainLabels));
        File.WriteAllBytes(Path.Combine(folder, DatasetSource.TrainLabels), labels[..(labels.Length / 2)]);
        var before = await Checksum();

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() =>
            Importer.ImportAsync(DatasetSource.Parse(folder), null, CancellationToken.None));

        Assert.Contains(DatasetSource.TrainLabels, error.Message);
        Assert.Equal(before, await Checksum());
    }

    [Fact]
    public async Task A_wrong_magic_number_fails_clearly_and_changes_nothing()
    {
        CopyDataset();
        // A labels file where an images file belongs.
        var raw = Gunzip(File.ReadAllBytes(Path.Combine(TestEnvironment.DatasetFolder, DatasetSource.TestLabels)));
        WriteGzip(DatasetSource.TestImages, raw);
        var before = await Checksum();

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() =>
            Importer.ImportAsync(DatasetSource.Parse(folder), null, CancellationToken.None));

        Assert.Contains("magic number 2049, expected 2051", error.Message);
        Assert.Equal(before, await Checksum());
    }

    [Fact]
    public async Task Images_and_labels_of_different_lengths_are_rejected()
    {
        CopyDataset();
        var raw = Gunzip(File.ReadAllBytes(Path.Combine(TestEnvironment.DatasetFolder, DatasetSource.TestLabels)));
        var shorter = raw[..^1];
        BinaryPrimitives.WriteInt32BigEndian(shorter.AsSpan(4), shorter.Length - 8);
        WriteGzip(DatasetSource.TestLabels, shorter);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() =>
            Importer.ImportAsync(DatasetSource.Parse(folder), null, CancellationToken.None));

        Assert.Contains("10000 images but 9999 labels", error.Message);
    }

    [Fact]
    public async Task A_missing_folder_is_named_in_the_error()
    {
        var missing = Path.Combine(folder, "nope");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => Task.FromResult(DatasetSource.Parse(missing)));

        Assert.Contains($"'{Path.GetFullPath(missing)}' does not exist", error.Message);
    }

    [Fact]
    public async Task An_http_base_url_serves_the_same_import()
    {
        await using var database = await TestDatabase.CreateAsync("importurl");
        await using var app = await FashionApp.StartAsync(database);
        await using var server = await StaticFileServer.StartAsync(TestEnvironment.DatasetFolder);

        var summary = await app.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(server.BaseUrl), null, CancellationToken.None);

        Assert.Equal((60_000, 10_000), (summary.Training, summary.Testing));
        Assert.Equal(9, await database.ScalarAsync<sbyte>("SELECT img_label FROM tf_images WHERE img_use = 2 AND img_idx = 0"));
    }

    [Fact]
    public async Task A_failed_download_names_the_file_and_the_status()
    {
        await using var server = await StaticFileServer.StartAsync(folder);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() =>
            Importer.ImportAsync(DatasetSource.Parse(server.BaseUrl), null, CancellationToken.None));

        Assert.Contains("HTTP 404", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Image_counts_stay_exact_through_inserts_moves_and_deletes()
    {
        Assert.Equal(await CountsByGrouping(null), await KeptCounts(null));

        // Inside a transaction that is rolled back: the imported rows other tests read stay as they are.
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO tf_images (img_label, img_vector, img_idx, img_blob, img_use)
            SELECT img_label, img_vector, img_idx + 1000000, img_blob, 3 FROM tf_images WHERE img_use = 2 AND img_idx < 25
            """, transaction: transaction);
        await connection.ExecuteAsync("UPDATE tf_images SET img_label = (img_label + 1) % 10 WHERE img_use = 3 AND img_idx < 1000010", transaction: transaction);
        await connection.ExecuteAsync("UPDATE tf_images SET img_label = img_label WHERE img_use = 2 AND img_idx < 100", transaction: transaction);
        await connection.ExecuteAsync("DELETE FROM tf_images WHERE img_use = 2 AND img_idx BETWEEN 100 AND 140", transaction: transaction);

        Assert.Equal(await CountsByGrouping(transaction), await KeptCounts(transaction));
        Assert.Equal(10_000 - 41, await connection.ExecuteScalarAsync<long>("SELECT SUM(n) FROM image_counts WHERE img_use = 2", transaction: transaction));
        await transaction.RollbackAsync();
    }

    private async Task<string> CountsByGrouping(MySqlConnector.MySqlTransaction? transaction) => await CountsAsync(
        "SELECT GROUP_CONCAT(img_use, ':', img_label, '=', n ORDER BY img_use, img_label) FROM (SELECT img_use, img_label, COUNT(*) AS n FROM tf_images GROUP BY img_use, img_label) g",
        transaction);

    private async Task<string> KeptCounts(MySqlConnector.MySqlTransaction? transaction) => await CountsAsync(
        "SELECT GROUP_CONCAT(img_use, ':', img_label, '=', n ORDER BY img_use, img_label) FROM image_counts WHERE n > 0",
        transaction);

    private async Task<string> CountsAsync(string sql, MySqlConnector.MySqlTransaction? transaction) =>
        transaction is null
            ? await fixture.Database.ScalarAsync<string>(sql)
            : await transaction.Connection!.ExecuteScalarAsync<string>(sql, transaction: transaction) ?? "";

    private Task<string> Checksum() =>
        fixture.Database.ScalarAsync<string>("SELECT CONCAT(COUNT(*), ':', BIT_XOR(CRC32(CONCAT_WS(',', img_use, img_idx, img_label, MD5(img_vector), MD5(img_blob))))) FROM tf_images");

    private void CopyDataset()
    {
        foreach (var file in Directory.GetFiles(TestEnvironment.DatasetFolder, "*.gz"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }

    private void WriteGzip(string name, byte[] raw)
    {
        using var file = File.Create(Path.Combine(folder, name));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(raw);
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>A real HTTP server on loopback serving a folder, standing in for the dataset's download location.</summary>
internal sealed class StaticFileServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StaticFileServer(WebApplication app) => this.app = app;

    public string BaseUrl => app.Urls.First() + "/fashion/";

    public static async Task<StaticFileServer> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            RequestPath = "/fashion",
            ServeUnknownFileTypes = true,
        });
        await app.StartAsync();
        return new StaticFileServer(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
