using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.LocalHost;

/// <summary>
/// Runs one invocation as the isolated worker does: through the app's middlewares to the function, whose result is split
/// into the invocation result and its queue outputs; then sends the outputs, as the Functions host writes output
/// bindings once the worker has answered.
/// </summary>
public sealed class FunctionRunner(WorkerPipeline middlewares, QueueOutputSender queues)
{
    private readonly FunctionExecutionDelegate pipeline = middlewares.Build(ExecuteAsync);

    public async Task RunAsync(LocalFunctionContext context)
    {
        await pipeline(context);
        // Not cancelled with the request: what the function did is done, and its messages must follow.
        await queues.SendAsync(context.Outputs, CancellationToken.None);
    }

    private static async Task ExecuteAsync(FunctionContext context)
    {
        var local = (LocalFunctionContext)context;
        var returned = await local.Function.InvokeAsync(local);
        local.InvocationResult = local.Function.Outputs.Split(returned, local.Outputs);
    }
}
