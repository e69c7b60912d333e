using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Training;

public static class TrainingServices
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddOptions<TrainingOptions>()
            .BindConfiguration(TrainingOptions.Section)
            // The webhook's setting keeps its top-level name, RetrainWebhookUrl.
            .Configure<IConfiguration>((options, configuration) => options.WebhookUrl ??= configuration["RetrainWebhookUrl"])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingOptions>, TrainingOptionsValidator>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<RetrainRequests>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<CallbackPolicy>();
        services.AddSingleton<RetrainWebhook>();
        // Callbacks follow no redirects and connect only where the callback policy allows, whatever a name resolves to later.
        services.AddHttpClient(nameof(RetrainWebhook))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<CallbackPolicy>().ConnectAsync,
            });
        services.AddSingleton<RetrainQueue>();
        services.AddSingleton<RetrainService>();
        return services;
    }
}
