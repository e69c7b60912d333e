using FashionFunctions.Data;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FashionFunctions.Http;

/// <summary>
/// Turns "MariaDB is unreachable" and "no model is active yet" into a 503 problem for HTTP functions, so clients see a retryable answer instead of a
/// bare 500; any other failure stays a failure.
/// </summary>
public sealed class ServiceUnavailableMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsUnavailable(e) && context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            await TryWriteAsync(http, e);
        }
    }

    private static bool IsUnavailable(Exception e) => e is Predict.NoActiveModelException or Predict.DecodersBusyException || MariaDb.IsUnavailable(e);

    /// <summary>Writes the problem response when the exception is one this app answers with 503; the local host calls this too.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext http, Exception e)
    {
        if (!IsUnavailable(e) || http.Response.HasStarted)
        {
            return false;
        }

        http.Response.Headers.RetryAfter = "5";
        var problem = Problems.Unavailable(e is Predict.NoActiveModelException or Predict.DecodersBusyException ? e.Message : "The database is unreachable right now; retry shortly.");
        await problem.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        return true;
    }
}
