using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions;

public static class FashionTelemetry
{
    /// <summary>
    /// The worker's own Application Insights telemetry. In Azure, where Application Insights has local authentication
    /// off, APPLICATIONINSIGHTS_AUTHENTICATION_STRING ("ClientId=&lt;identity&gt;;Authorization=AAD") is set and
    /// ConfigureFunctionsApplicationInsights gives the telemetry a managed identity credential from it, as the host does
    /// for its own. Locally neither that nor a connection string is set: no credential, and nothing is sent.
    /// </summary>
    public static IServiceCollection AddFashionTelemetry(this IServiceCollection services) =>
        services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
}
