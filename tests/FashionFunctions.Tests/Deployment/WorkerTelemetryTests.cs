using System.Reflection;
using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Tests.Deployment;

/// <summary>
/// Application Insights in Azure has local authentication off, so the worker's telemetry is accepted only if it is sent
/// with the app's identity. These build the worker's telemetry exactly as Program.cs does and look at what it would send
/// with. The credential sits in an internal property of the Application Insights SDK (the worker package's own tests
/// read it the same way); if a new SDK moves it, these fail rather than pass blindly.
/// </summary>
public sealed class WorkerTelemetryTests
{
    private const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/";

    private static TelemetryConfiguration Telemetry(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddFashionTelemetry();
        return services.BuildServiceProvider().GetRequiredService<TelemetryConfiguration>();
    }

    private static object? Credential(TelemetryConfiguration telemetry)
    {
        var envelope = typeof(TelemetryConfiguration).GetProperty("CredentialEnvelope", BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.True(envelope is not null, "TelemetryConfiguration.CredentialEnvelope is gone: this SDK keeps the credential elsewhere");
        var value = envelope.GetValue(telemetry);
        return value?.GetType().GetProperty("Credential", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(value);
    }

    [Fact]
    public void With_the_authentication_string_Azure_sets_the_worker_sends_with_the_managed_identity()
    {
        var telemetry = Telemetry(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "ClientId=3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b;Authorization=AAD"));

        Assert.IsType<ManagedIdentityCredential>(Credential(telemetry));
    }

    [Fact]
    public void A_system_assigned_identity_needs_no_client_id()
    {
        var telemetry = Telemetry(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=AAD"));

        Assert.IsType<ManagedIdentityCredential>(Credential(telemetry));
    }

    [Fact]
    public void The_client_id_is_read_not_ignored()
    {
        var error = Record.Exception(() => Telemetry(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "ClientId=not-a-client-id;Authorization=AAD")));

        Assert.IsType<FormatException>(error);
    }

    [Fact]
    public void Locally_without_the_setting_there_is_no_credential()
    {
        var telemetry = Telemetry(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString));

        Assert.Null(Credential(telemetry));
    }
}
