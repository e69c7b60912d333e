using Microsoft.Azure.WebJobs.Host.Queues;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// The SDK's queue processor, plus one line once a message is in its poison queue: the SDK logs only that it is about to
/// move it, and whoever reads the log (or waits on it) wants to know it is there.
/// </summary>
public sealed class PoisonReportingQueueProcessor : QueueProcessor
{
    private readonly ILogger log;

    private PoisonReportingQueueProcessor(QueueProcessorOptions options) : base(options) => log = options.Logger;

    protected override async Task OnMessageAddedToPoisonQueueAsync(PoisonMessageEventArgs e)
    {
        await base.OnMessageAddedToPoisonQueueAsync(e);
        log.LogWarning("Message {MessageId} is now in poison queue '{PoisonQueue}'", e.Message.MessageId, e.PoisonQueue.Name);
    }

    public sealed class Factory : IQueueProcessorFactory
    {
        public QueueProcessor Create(QueueProcessorOptions options) => new PoisonReportingQueueProcessor(options);
    }
}
