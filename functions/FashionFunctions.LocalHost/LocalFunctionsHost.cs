using FashionFunctions.Core.Configuration;
using FashionFunctions.Http;
using FashionFunctions.LocalHost.Triggers;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

namespace FashionFunctions.LocalHost;

/// <summary>
/// The whole app where Azure Functions Core Tools cannot run: the app's own DI setup (AddFashionServices) and worker
/// middlewares (UseFashionMiddleware), its HTTP functions on Kestrel and its queue and timer functions on the WebJobs
/// JobHost, every one discovered from its [Function] attribute. It holds no function logic of its own. Function keys are
/// not checked, as in local Core Tools runs.
/// </summary>
public static class LocalFunctionsHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// Readable logs by default: one line per entry, a line per function invocation, no per-request lines from ASP.NET
    /// Core or the storage SDK, no option dumps at start. Any of these is a setting (Logging__LogLevel__...) to change.
    /// </summary>
    private static readonly Dictionary<string, string?> LogDefaults = new()
    {
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss ",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Azure.Core"] = "Error",
        ["Logging:LogLevel:Microsoft.Azure.WebJobs.Hosting.OptionsLoggingService"] = "Warning",
        ["Logging:LogLevel:Host.Aggregator"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    /// <param name="settings">Settings that win over everything else (tests and benchmarks use this).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // As the Functions host: host.json, then local.settings.json (Core Tools), the environment, explicit overrides.
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddInMemoryCollection(LogDefaults)
            .AddHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"))
            .AddLocalSettings(LocalSettings.Find(Directory.GetCurrentDirectory()))
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? DefaultUrl);

        builder.Services.AddFashionServices(builder.Configuration);
        replaceServices?.Invoke(builder.Services);
        // IActionResult execution, as the worker's ASP.NET Core integration provides it.
        builder.Services.AddMvcCore();
        var middlewares = new WorkerPipeline(builder.Services);
        middlewares.UseFashionMiddleware();
        builder.Services.AddSingleton(middlewares);
        builder.Services.AddSingleton<FunctionRunner>();
        builder.Services.AddSingleton<QueueOutputSender>();

        var functions = WorkerFunction.Discover(typeof(FashionServices).Assembly).Where(f => f.IsEnabled(builder.Configuration)).ToList();
        builder.Services.AddLocalTriggers(builder.Configuration, functions);

        var app = builder.Build();
        HttpFunctions.Map(app, functions, HostJson.RoutePrefix(app.Configuration));
        return app;
    }

    /// <summary>The address Kestrel bound, e.g. when started on port 0.</summary>
    public static Uri BaseAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
