using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Core.Predict;

public static class PredictServices
{
    public static IServiceCollection AddPredictions(this IServiceCollection services)
    {
        services.AddOptions<PredictOptions>().BindConfiguration(PredictOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ActiveModel>();
        services.AddSingleton<ExploreImages>();
        services.AddSingleton<Shadow.ShadowModels>();
        services.AddSingleton<PredictionService>();
        services.AddSingleton<BatchScorer>();
        services.AddSingleton<BatchQueue>();
        services.AddSingleton<PredictionQueries>();
        return services;
    }
}
