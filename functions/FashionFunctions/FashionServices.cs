using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions;

public static class FashionServices
{
    /// <summary>The app's whole DI setup; the Functions host and the local test host both call exactly this.</summary>
    public static IServiceCollection AddFashionServices(this IServiceCollection services, IConfiguration configuration)
    {
        // Answers are written with the service's JSON conventions, the ones the API description is generated from.
        services.ConfigureHttpJsonOptions(options => FashionJson.Configure(options.SerializerOptions));
        services.Configure<WorkerOptions>(options => options.InputConverters.RegisterAt<Http.RequestRecordConverter>(0));
        return services.AddFashionCore(configuration)
            .AddSingleton<Predict.ImageDecodeGate>()
            .AddSingleton<Predict.PredictionInputReader>();
    }
}
