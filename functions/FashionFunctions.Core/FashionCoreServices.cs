using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FashionFunctions.Data;
using FashionFunctions.Dataset;
using FashionFunctions.Explore;
using FashionFunctions.Health;
using FashionFunctions.Training;
using FashionFunctions.Predict;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions;

public static class FashionCoreServices
{
    public const string MariaDbConnectionName = "MariaDb";
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>Everything the function app and the admin CLI share: one MySqlDataSource, Blob Storage, the services.</summary>
    public static IServiceCollection AddFashionCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FashionOptions>()
            .BindConfiguration(FashionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connectionString = configuration.GetConnectionString(MariaDbConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{MariaDbConnectionName} is not set (env ConnectionStrings__{MariaDbConnectionName}); see local.settings.sample.json.");
        }

        services.AddSingleton(sp =>
        {
            // Every command gets a timeout, and an unreachable server fails fast enough for a 503 to beat client timeouts.
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FashionOptions>>().Value;
            var builder = new MySqlConnectionStringBuilder(connectionString);
            builder.DefaultCommandTimeout = (uint)options.CommandTimeoutSeconds;
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!new[] { "Connection Timeout", "ConnectionTimeout", "Connect Timeout" }.Any(given.ContainsKey))
            {
                builder.ConnectionTimeout = (uint)options.ConnectTimeoutSeconds;
            }

            return new MySqlDataSourceBuilder(builder.ConnectionString).Build();
        });
        services.AddSingleton<MariaDb>();
        services.AddSingleton(_ => StorageClients.Blobs(configuration));
        services.AddSingleton(_ => StorageClients.Queues(configuration));
        services.AddHttpClient();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<DatasetImporter>();
        services.AddSingleton<ExploreQueries>();
        services.AddSingleton<HealthProbe>();
        services.AddTraining();
        services.AddOptions<PredictOptions>()
            .BindConfiguration(PredictOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IModelSource, ModelsTableSource>();
        services.AddSingleton<ActiveModel>();
        services.AddSingleton<PredictionService>();
        services.AddSingleton<BatchScorer>();
        services.AddSingleton<PredictionQueries>();
        return services;
    }
}

/// <summary>Blob and queue clients from the same AzureWebJobsStorage setting the Functions host uses.</summary>
public static class StorageClients
{
    public static BlobServiceClient Blobs(IConfiguration configuration) =>
        new(ConnectionString(configuration));

    /// <summary>Base64 messages, as the Functions queue trigger expects by default.</summary>
    public static QueueServiceClient Queues(IConfiguration configuration) =>
        new(ConnectionString(configuration), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static string ConnectionString(IConfiguration configuration)
    {
        var value = configuration[FashionCoreServices.StorageSetting];
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"{FashionCoreServices.StorageSetting} is not set; use UseDevelopmentStorage=true for Azurite (see local.settings.sample.json).")
            : value;
    }
}
