using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Queues;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Hosting;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// The WebJobs JobHost, the trigger engine inside the Functions host, running the app's queue and timer functions: queue
/// listeners with host.json's extensions.queues settings (poison queues after maxDequeueCount, Base64 messages), timers
/// with a singleton lease in blob storage (host.json's singleton section) and past-due detection, retry policies, functionTimeout, and binding
/// expressions such as %Training:RetrainQueue% resolved from the app settings.
/// </summary>
public static class LocalTriggers
{
    public const string HostIdSetting = "AzureFunctionsWebHost:hostid";

    public static IServiceCollection AddLocalTriggers(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<WorkerFunction> functions)
    {
        services.AddWebJobs(_ => { })
            .AddExecutionContextBinding(_ => { })
            .AddAzureStorageCoreServices()
            .AddAzureStorageQueues()
            .AddTimers()
            .UseHostId(HostId(configuration));
        services.Configure<QueuesOptions>(HostJson.Queues(configuration));
        services.Configure<SingletonOptions>(HostJson.Singleton(configuration));
        if (HostJson.FunctionTimeout(configuration) is { } timeout)
        {
            services.Configure<JobHostFunctionTimeoutOptions>(options => options.Timeout = timeout);
        }

        services.Replace(ServiceDescriptor.Singleton<ScheduleMonitor, BlobScheduleMonitor>());
        services.Replace(ServiceDescriptor.Singleton<IWebJobsExceptionHandlerFactory, TriggerFailureHandler>());
        services.Replace(ServiceDescriptor.Singleton<IQueueProcessorFactory, PoisonReportingQueueProcessor.Factory>());
        services.AddSingleton<ITypeLocator>(new TriggerTypes(functions));
        services.AddSingleton(provider => new TriggerDispatcher(functions, provider.GetRequiredService<FunctionRunner>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JobHostService>());
        return services;
    }

    /// <summary>
    /// Instances with one host id are one app: they share the timer's lock and schedule status. The setting the Functions
    /// host reads (AzureFunctionsWebHost__hostid) names it; by default every instance run from the same folder on this
    /// machine gets the same id, as Core Tools does it.
    /// </summary>
    public static string HostId(IConfiguration configuration)
    {
        if (configuration[HostIdSetting] is { Length: > 0 } configured)
        {
            return configured;
        }

        var machine = new string([.. Environment.MachineName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        var folder = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..8];
        return $"{machine[..Math.Min(machine.Length, 23)]}-{folder}";
    }
}
