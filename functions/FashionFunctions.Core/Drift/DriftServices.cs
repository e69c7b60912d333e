using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Core.Drift;

public static class DriftServices
{
    public static IServiceCollection AddDrift(this IServiceCollection services)
    {
        services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DriftWatch>();
        return services;
    }
}
