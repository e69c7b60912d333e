using Microsoft.Extensions.Configuration;

namespace FashionFunctions.LocalHost;

/// <summary>
/// host.json as the Functions host reads it: its values become settings under AzureFunctionsJobHost, so an app setting
/// such as AzureFunctionsJobHost__extensions__queues__maxDequeueCount overrides one, as it does in Azure.
/// </summary>
public static class HostJson
{
    public const string Section = "AzureFunctionsJobHost";

    public static IConfigurationBuilder AddHostJson(this IConfigurationBuilder builder, string path)
    {
        var values = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build().AsEnumerable()
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => $"{Section}:{setting.Key}", setting => setting.Value);

        // The host applies host.json's log levels to what it logs; here the host and the app share one logger factory.
        foreach (var (key, value) in values.Where(v => v.Key.StartsWith($"{Section}:logging:logLevel:", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            values[$"Logging:LogLevel:{key.Split(':')[^1]}"] = value;
        }

        return builder.AddInMemoryCollection(values);
    }

    /// <summary>extensions.http.routePrefix; the Functions host's default is "api".</summary>
    public static string RoutePrefix(IConfiguration configuration) => configuration[$"{Section}:extensions:http:routePrefix"] ?? "api";

    /// <summary>extensions.queues: maxDequeueCount, visibilityTimeout, batchSize, maxPollingInterval, messageEncoding...</summary>
    public static IConfigurationSection Queues(IConfiguration configuration) => configuration.GetSection($"{Section}:extensions:queues");

    /// <summary>singleton: lock periods of the timer's listener lease (listenerLockPeriod, listenerLockRecoveryPollingInterval...).</summary>
    public static IConfigurationSection Singleton(IConfiguration configuration) => configuration.GetSection($"{Section}:singleton");

    public static TimeSpan? FunctionTimeout(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration[$"{Section}:functionTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var timeout) ? timeout : null;
}
