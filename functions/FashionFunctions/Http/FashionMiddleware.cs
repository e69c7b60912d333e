using Microsoft.Extensions.Hosting;

namespace FashionFunctions.Http;

public static class FashionMiddleware
{
    /// <summary>
    /// The app's worker middlewares, outermost first. Program.cs and the local host both call exactly this, so every
    /// invocation runs through the same pipeline under the Functions host and locally.
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder UseFashionMiddleware(this IFunctionsWorkerApplicationBuilder builder) =>
        builder
            .UseMiddleware<RequestLogScopeMiddleware>()
            .UseMiddleware<SecurityHeadersMiddleware>()
            .UseMiddleware<ServiceUnavailableMiddleware>()
            .UseMiddleware<RequestValidationMiddleware>();
}
