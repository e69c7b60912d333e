using FashionFunctions.Core.Data;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Http;

/// <summary>
/// Turns "MariaDB is unreachable", "Blob or Queue Storage is unreachable", "no model is active yet" and "every decoder
/// is busy" into a 503 problem for HTTP
/// functions, so clients see a retryable answer instead of a bare 500: the problem becomes the invocation's result,
/// which the HTTP integration then writes like any other. Any other failure stays a failure.
/// </summary>
public sealed class ServiceUnavailableMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsUnavailable(e) && context.GetHttpContext() is { Response.HasStarted: false })
        {
            // The client sees only the reason; the operator needs the cause behind it.
            context.GetLogger<ServiceUnavailableMiddleware>().LogWarning(e, "Answered 503: {Reason}", Reason(e));
            context.GetInvocationResult().Value = ApiProblems.Unavailable(Reason(e));
        }
    }

    private static bool IsUnavailable(Exception e) =>
        e is Core.Predict.NoActiveModelException or Predict.DecodersBusyException || MariaDb.IsUnavailable(e) || StorageErrors.IsUnavailable(e);

    private static string Reason(Exception e) => e switch
    {
        Core.Predict.NoActiveModelException or Predict.DecodersBusyException => e.Message,
        _ when MariaDb.IsUnavailable(e) => "The database is unreachable right now; retry shortly.",
        _ => "Storage (blobs and queues) is unreachable right now; retry shortly.",
    };
}
