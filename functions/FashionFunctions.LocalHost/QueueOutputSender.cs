using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Options;

namespace FashionFunctions.LocalHost;

/// <summary>
/// Sends [QueueOutput] messages as the Functions host does: to the named queue (binding expressions resolved from the
/// settings by the JobHost's own resolver), created when missing, encoded as host.json's queues section says (Base64
/// unless messageEncoding says otherwise), so the queue triggers read them back unchanged.
/// </summary>
public sealed class QueueOutputSender(IConfiguration configuration, INameResolver names, IOptions<QueuesOptions> options)
{
    private readonly Lazy<QueueServiceClient> client = new(() =>
        StorageClients.Queues(configuration, new QueueClientOptions { MessageEncoding = options.Value.MessageEncoding }));

    public async Task SendAsync(IReadOnlyList<QueueOutput> outputs, CancellationToken ct)
    {
        foreach (var output in outputs)
        {
            var queue = client.Value.GetQueueClient(names.ResolveWholeString(output.QueueName));
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            await Task.WhenAll(output.Messages.Select(message => queue.SendMessageAsync(message, ct)));
        }
    }
}
