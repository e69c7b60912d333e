using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// When a trigger listener fails beyond its own retries (the storage account unreachable, say), the WebJobs SDK's
/// default handler ends the process and the Functions host restarts its JobHost. The local host has no such restart, and
/// ending the process would take the HTTP functions down with the triggers: it logs the failure instead, saying what to do.
/// </summary>
public sealed class TriggerFailureHandler(ILogger<TriggerFailureHandler> log) : IWebJobsExceptionHandler, IWebJobsExceptionHandlerFactory
{
    public IWebJobsExceptionHandler Create(IHost jobHost) => this;

    public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod)
    {
        log.LogError(exceptionInfo.SourceException, "A function ran past host.json's functionTimeout and was cancelled");
        return Task.CompletedTask;
    }

    public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
    {
        log.LogCritical(exceptionInfo.SourceException,
            "A queue or timer listener stopped ({Error}); HTTP functions go on. Restart the local host once the storage account is reachable",
            exceptionInfo.SourceException.Message);
        return Task.CompletedTask;
    }
}
