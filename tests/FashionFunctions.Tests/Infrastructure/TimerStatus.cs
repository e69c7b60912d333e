using Azure.Storage.Blobs;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>A timer's schedule status blob, where the local host (like the Functions host) keeps its last and next occurrence.</summary>
public static class TimerStatus
{
    public const string Container = "azure-webjobs-hosts";

    /// <summary>The JobHost names a timer after the method the local host emits for it: LocalTriggers.{function}.Run.</summary>
    public static BlobClient Blob(BlobServiceClient blobs, string hostId, string function) =>
        blobs.GetBlobContainerClient(Container).GetBlobClient($"timers/{hostId}/LocalTriggers.{function}.Run/status");

    /// <summary>The SDK takes a status whose next occurrence does not follow from its last as a changed schedule, not as past due.</summary>
    public static async Task WriteAsync(BlobServiceClient blobs, string hostId, string function, DateTime last, DateTime next)
    {
        await blobs.GetBlobContainerClient(Container).CreateIfNotExistsAsync();
        await Blob(blobs, hostId, function).UploadAsync(BinaryData.FromObjectAsJson(new { Last = last, Next = next, LastUpdated = last }), overwrite: true);
    }
}
