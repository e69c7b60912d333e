using Azure.Storage.Queues;
using FashionFunctions.Predict;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions;

public static class FashionServices
{
    /// <summary>The app's whole DI setup; the Functions host and the local test host both call exactly this.</summary>
    public static IServiceCollection AddFashionServices(this IServiceCollection services, IConfiguration configuration) =>
        services.AddFashionCore(configuration)
            .AddSingleton(_ => ScoreQueueClient(configuration));

    /// <summary>The score-requests queue, Base64-encoded as the queue trigger expects by default.</summary>
    public static QueueClient ScoreQueueClient(IConfiguration configuration)
    {
        var client = new QueueClient(StorageClients.ConnectionString(configuration), configuration[ScoreQueue.Setting] ?? ScoreQueue.Default,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        client.CreateIfNotExists();
        return client;
    }
}
