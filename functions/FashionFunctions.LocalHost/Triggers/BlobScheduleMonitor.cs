using System.Text.Json;
using Azure.Storage.Blobs;
using Azure;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Executors;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// Keeps each timer's last and next occurrence in a blob of the host's storage account, where the Functions host keeps
/// them (azure-webjobs-hosts/timers/{hostId}/{timer}/status), so instances of the app share one schedule and an
/// occurrence missed while no instance ran fires as past due at the next start. (The schedule monitor that ships with
/// Microsoft.Azure.WebJobs.Extensions 3.0.6 does not load beside Microsoft.Azure.WebJobs.Host.Storage 5.)
/// </summary>
public sealed class BlobScheduleMonitor(BlobServiceClient blobs, IHostIdProvider hostId) : ScheduleMonitor
{
    public const string Container = "azure-webjobs-hosts";

    public override async Task<ScheduleStatus> GetStatusAsync(string timerName)
    {
        try
        {
            var content = await (await BlobAsync(timerName)).DownloadContentAsync();
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>()!;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null!; // never run: the timer starts from its schedule
        }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        var blob = await BlobAsync(timerName);
        await blobs.GetBlobContainerClient(Container).CreateIfNotExistsAsync();
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
    }

    private async Task<Azure.Storage.Blobs.BlobClient> BlobAsync(string timerName) =>
        blobs.GetBlobContainerClient(Container).GetBlobClient($"timers/{await hostId.GetHostIdAsync(CancellationToken.None)}/{timerName}/status");
}
