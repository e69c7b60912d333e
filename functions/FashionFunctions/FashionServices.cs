using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions;

public static class FashionServices
{
    /// <summary>The app's whole DI setup; the Functions host and the local test host both call exactly this.</summary>
    public static IServiceCollection AddFashionServices(this IServiceCollection services, IConfiguration configuration) =>
        services.AddFashionCore(configuration)
            .AddSingleton<Predict.PredictionInputReader>();
}
