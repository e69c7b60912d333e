using FashionFunctions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FashionFunctions.TestHost;

/// <summary>
/// A small stand-in for `func start`: Kestrel serving the app's HTTP-triggered functions, with routes and methods
/// taken from their [HttpTrigger] attributes and host.json's route prefix, and function classes resolved from the
/// app's own AddFashionServices. It holds no endpoint logic of its own. Function keys are not checked, as in local
/// Core Tools runs.
/// </summary>
public static class LocalFunctionsHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <param name="settings">Settings that win over local.settings.json and the environment (tests use this).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Same precedence as Core Tools: local.settings.json, then the environment, then explicit overrides.
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddLocalSettings(LocalSettings.Find(Directory.GetCurrentDirectory()))
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? DefaultUrl);

        builder.Services.AddFashionServices(builder.Configuration);
        // IActionResult execution, as the Functions ASP.NET Core integration provides it.
        builder.Services.AddMvcCore();

        var app = builder.Build();
        var prefix = HostJson.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json"));
        foreach (var function in HttpFunction.Discover(typeof(FashionServices).Assembly))
        {
            var route = HttpFunction.Join(prefix, function.Route);
            var endpoint = function.Methods.Count == 0 ? app.Map(route, function.InvokeAsync) : app.MapMethods(route, function.Methods, function.InvokeAsync);
            endpoint.WithName(function.Name);
        }

        return app;
    }

    /// <summary>The address Kestrel bound, e.g. when started on port 0.</summary>
    public static Uri BaseAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
