using Microsoft.Azure.WebJobs;
using ExecutionContext = Microsoft.Azure.WebJobs.ExecutionContext;
using WorkerTimerInfo = Microsoft.Azure.Functions.Worker.TimerInfo;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// Turns a JobHost invocation into a worker invocation: the WebJobs TimerInfo becomes the worker's, the invocation id and
/// retry count carry over, and the FunctionRunner runs it. A failure propagates to the JobHost, which retries the
/// function ([FixedDelayRetry]) or returns the message to its queue (and in the end to the -poison queue).
/// </summary>
public sealed class TriggerDispatcher(IEnumerable<WorkerFunction> functions, FunctionRunner runner)
{
    private readonly Dictionary<string, WorkerFunction> byName = functions.ToDictionary(f => f.Name);

    public Task RunAsync(string functionName, object trigger, ExecutionContext execution, IServiceProvider services, CancellationToken ct)
    {
        var value = trigger is TimerInfo timer
            ? new WorkerTimerInfo
            {
                IsPastDue = timer.IsPastDue,
                ScheduleStatus = timer.ScheduleStatus is { } status
                    ? new Microsoft.Azure.Functions.Worker.ScheduleStatus { Last = status.Last, Next = status.Next, LastUpdated = status.LastUpdated }
                    : null,
            }
            : trigger;
        var retry = execution.RetryContext is { } attempt ? new LocalRetryContext(attempt.RetryCount, attempt.MaxRetryCount) : null;
        return runner.RunAsync(new LocalFunctionContext(byName[functionName], services, execution.InvocationId.ToString(), value, null, retry, ct));
    }
}
