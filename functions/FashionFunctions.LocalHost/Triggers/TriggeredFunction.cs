using Microsoft.Azure.WebJobs;
using ExecutionContext = Microsoft.Azure.WebJobs.ExecutionContext;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// The base of the classes TriggerTypes emits for the JobHost. The JobHost creates one per invocation from that
/// invocation's services; its single method carries the WebJobs trigger attribute and hands the trigger value here.
/// </summary>
public abstract class TriggeredFunction(IServiceProvider services)
{
    protected Task RunAsync(string functionName, object trigger, ExecutionContext execution, CancellationToken ct) =>
        services.GetRequiredService<TriggerDispatcher>().RunAsync(functionName, trigger, execution, services, ct);
}
