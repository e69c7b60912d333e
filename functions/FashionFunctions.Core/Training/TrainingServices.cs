using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Training;

public static class TrainingServices
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddOptions<TrainingOptions>()
            .BindConfiguration(TrainingOptions.Section)
            // The issue's own name for the webhook setting is top-level.
            .Configure<IConfiguration>((options, configuration) => options.WebhookUrl ??= configuration["RetrainWebhookUrl"])
            .Validate(o => Trainers.All.Contains(o.Trainer, StringComparer.OrdinalIgnoreCase), $"Training:Trainer must be one of: {string.Join(", ", Trainers.All)}.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<RetrainWebhook>();
        services.AddSingleton<RetrainQueue>();
        services.AddSingleton<RetrainService>();
        return services;
    }
}
