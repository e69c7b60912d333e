using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Training;

public sealed record StoredModel(string BlobName, string Sha256, long SizeBytes);

/// <summary>Model zips in Blob Storage, one blob per version, always hash-checked.</summary>
public sealed class ModelStore(BlobServiceClient blobs, IOptions<TrainingOptions> options)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(options.Value.ModelsContainer);

    public static string BlobNameFor(long version) => $"fashion-model-v{version}.zip";

    /// <summary>Uploads, reads back and compares hashes: only a blob that reads back intact counts as stored.</summary>
    public async Task<StoredModel> UploadAsync(long version, byte[] zip, CancellationToken ct)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        var name = BlobNameFor(version);
        var sha = Hash(zip);
        await Container.GetBlobClient(name).UploadAsync(new BinaryData(zip), overwrite: true, ct);
        await DownloadAsync(name, sha, ct);
        return new StoredModel(name, sha, zip.Length);
    }

    public async Task<byte[]> DownloadAsync(string blobName, string sha256, CancellationToken ct)
    {
        var content = await Container.GetBlobClient(blobName).DownloadContentAsync(ct);
        var bytes = content.Value.Content.ToArray();
        var actual = Hash(bytes);
        return string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase)
            ? bytes
            : throw new InvalidDataException($"Model blob {blobName} has SHA-256 {actual}, the registry expects {sha256}.");
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
