using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Core.Feedback;

public static class FeedbackServices
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackRetrainTrigger>();
        services.AddSingleton<FeedbackLabels>();
        return services;
    }
}
