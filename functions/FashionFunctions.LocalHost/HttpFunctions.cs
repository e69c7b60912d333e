using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.LocalHost;

/// <summary>
/// Serves the HTTP functions on Kestrel: routes and methods from their [HttpTrigger] attributes under host.json's route
/// prefix; each request becomes one invocation through the FunctionRunner, whose IResult or IActionResult is then written, as the
/// worker's ASP.NET Core integration writes it. One line per invocation is logged, like the Functions host's.
/// </summary>
public static class HttpFunctions
{
    public static void Map(WebApplication app, IEnumerable<WorkerFunction> functions, string routePrefix)
    {
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var trigger = (HttpTriggerAttribute)function.Trigger;
            var route = Join(routePrefix, trigger.Route ?? function.Name);
            var methods = (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToList();
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger($"Function.{function.Name}");
            RequestDelegate invoke = http => InvokeAsync(function, http, log);
            (methods.Count == 0 ? app.Map(route, invoke) : app.MapMethods(route, methods, invoke)).WithName(function.Name);
        }
    }

    public static string Join(string prefix, string route) =>
        "/" + string.Join('/', new[] { prefix.Trim('/'), route.Trim('/') }.Where(part => part.Length > 0));

    private static async Task InvokeAsync(WorkerFunction function, HttpContext http, ILogger log)
    {
        var started = Stopwatch.GetTimestamp();
        var context = new LocalFunctionContext(function, http.RequestServices, Guid.NewGuid().ToString(), null, http, null, http.RequestAborted);
        try
        {
            await http.RequestServices.GetRequiredService<FunctionRunner>().RunAsync(context);
            switch (context.InvocationResult)
            {
                case IActionResult result:
                    await result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                    break;
                case IResult result:
                    await result.ExecuteAsync(http);
                    break;
            }

            log.LogInformation("Executed '{FunctionName}' ({StatusCode}, Id={InvocationId}, Duration={DurationMs:F0}ms)",
                function.Name, http.Response.StatusCode, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            // As the Functions host answers an unhandled failure: 500, no body; the details stay in the log.
            log.LogError(e, "Executed '{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:F0}ms)",
                function.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
    }
}
