using Microsoft.Azure.Functions.Worker.Middleware;

namespace FashionFunctions.Http;

/// <summary>
/// Headers every answer carries, problems and 404s included: no content sniffing, no framing, no referrer, nothing
/// cached by default, and a policy that lets an API answer load nothing. A function may replace any of them (the
/// explorer page sets its own policy and cache headers).
/// </summary>
public sealed class SecurityHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            Apply(http.Response.Headers);
        }

        return next(context);
    }

    public static void Apply(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
        headers.CacheControl = "no-store";
    }
}
