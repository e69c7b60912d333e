using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Http;

/// <summary>
/// Puts a request id (the caller's x-request-id, else the invocation id) in the log scope of every invocation, and
/// echoes it on HTTP responses, so one request's logs can be found together in Application Insights.
/// </summary>
public sealed class RequestLogScopeMiddleware(ILogger<RequestLogScopeMiddleware> log) : IFunctionsWorkerMiddleware
{
    public const string Header = "x-request-id";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        string? given = http?.Request.Headers[Header];
        var requestId = string.IsNullOrWhiteSpace(given) || given.Length > 100 ? context.InvocationId : given;
        if (http is not null)
        {
            http.Response.Headers[Header] = requestId;
        }

        using (log.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId, ["FunctionName"] = context.FunctionDefinition.Name }))
        {
            await next(context);
        }
    }
}
