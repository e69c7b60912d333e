using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FashionFunctions.Predict;

/// <summary>A stored model: its version in the registry, its blob and the hex SHA-256 of the blob's bytes.</summary>
public sealed record ModelReference(long Version, string BlobName, string Sha256);

/// <summary>
/// Where prediction gets models from. Kept to these three calls so it can be backed by the training feature's
/// ModelRegistry/ModelStore once that lands; until then <see cref="ModelsTableSource"/> reads the same contract directly.
/// </summary>
public interface IModelSource
{
    Task<ModelReference?> ActiveAsync(CancellationToken ct);

    Task<ModelReference?> VersionAsync(long version, CancellationToken ct);

    Task<byte[]> DownloadAsync(ModelReference model, CancellationToken ct);
}

/// <summary>The registry contract (models: version, blob_name, sha256, status) read with SQL; blobs from Blob Storage.</summary>
public sealed class ModelsTableSource(MySqlDataSource db, BlobServiceClient blobs, IOptions<PredictOptions> options) : IModelSource
{
    private const string ActiveSql = """
        SELECT version AS Version, blob_name AS BlobName, sha256 AS Sha256
        FROM models
        WHERE status = 'active'
        ORDER BY version DESC
        LIMIT 1
        """;

    public async Task<ModelReference?> ActiveAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ModelRow>(new CommandDefinition(ActiveSql, cancellationToken: ct));
        return row?.ToReference();
    }

    private const string VersionSql = """
        SELECT version AS Version, blob_name AS BlobName, sha256 AS Sha256
        FROM models
        WHERE version = @version
        """;

    public async Task<ModelReference?> VersionAsync(long version, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ModelRow>(new CommandDefinition(VersionSql, new { version }, cancellationToken: ct));
        return row?.ToReference();
    }

    public async Task<byte[]> DownloadAsync(ModelReference model, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(options.Value.ModelContainer).GetBlobClient(model.BlobName);
        var content = await blob.DownloadContentAsync(ct);
        var bytes = content.Value.Content.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase)
            ? bytes
            : throw new InvalidDataException($"Model {model.Version}: blob {model.BlobName} has SHA-256 {actual}, the registry says {model.Sha256}.");
    }

    private sealed record ModelRow
    {
        public required ulong Version { get; init; }

        public required string BlobName { get; init; }

        public required string Sha256 { get; init; }

        public ModelReference ToReference() => new((long)Version, BlobName, Sha256);
    }
}
