using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Training;

public static class TrainingServices
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddOptions<TrainingOptions>()
            .BindConfiguration(TrainingOptions.Section)
            // The issue's own name for the webhook setting is top-level.
            .Configure<IConfiguration>((options, configuration) => options.WebhookUrl ??= configuration["RetrainWebhookUrl"])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingOptions>, TrainingOptionsValidator>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<RetrainWebhook>();
        services.AddSingleton<RetrainQueue>();
        services.AddSingleton<RetrainService>();
        return services;
    }
}
