using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Drift;
using FashionFunctions.Core.Explore;
using FashionFunctions.Core.Feedback;
using FashionFunctions.Core.Health;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Core;

public static class FashionCoreServices
{
    public const string MariaDbConnectionName = "MariaDb";
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>Everything the function app and the admin CLI share: one MySqlDataSource (and MariaDb's pool of reads), Blob Storage, the services.</summary>
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
            // The server keeps UTC (start.sh and Azure's default); reading DATETIMEs as UTC lets answers say so ("Z").
            builder.DateTimeKind = MySqlDateTimeKind.Utc;
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!new[] { "Connection Timeout", "ConnectionTimeout", "Connect Timeout" }.Any(given.ContainsKey))
            {
                builder.ConnectionTimeout = (uint)options.ConnectTimeoutSeconds;
            }

            return new MySqlDataSourceBuilder(builder.ConnectionString).Build();
        });
        services.AddSingleton(sp => new MariaDb(
            sp.GetRequiredService<MySqlDataSource>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FashionOptions>>().Value.ReadPoolSize));
        services.AddSingleton(_ => StorageClients.Blobs(configuration));
        services.AddSingleton(_ => StorageClients.Queues(configuration));
        services.AddHttpClient();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<DatasetImporter>();
        services.AddSingleton<ExploreQueries>();
        services.AddSingleton<HealthProbe>();
        services.AddTraining();
        services.AddPredictions();
        services.AddFeedback();
        services.AddDrift();
        return services;
    }
}

/// <summary>Blob and queue clients from the same AzureWebJobsStorage setting the Functions host uses.</summary>
public static class StorageClients
{
    public static BlobServiceClient Blobs(IConfiguration configuration)
    {
        var storage = StorageConnection.Parse(configuration);
        var options = FailFast(new BlobClientOptions());
        return storage.UsesIdentity
            ? new BlobServiceClient(Required(storage.BlobServiceUri, "blobServiceUri"), Credential(storage), options)
            : new BlobServiceClient(storage.ConnectionString, options);
    }

    /// <summary>
    /// Queue clients encode messages in Base64 by default, as the Functions queue trigger expects them; pass options to
    /// change that.
    /// </summary>
    public static QueueServiceClient Queues(IConfiguration configuration, QueueClientOptions? options = null)
    {
        options ??= DefaultQueueOptions();
        var storage = StorageConnection.Parse(configuration);
        return storage.UsesIdentity
            ? new QueueServiceClient(Required(storage.QueueServiceUri, "queueServiceUri"), Credential(storage), options)
            : new QueueServiceClient(storage.ConnectionString, options);
    }

    public static QueueClientOptions DefaultQueueOptions() => FailFast(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>
    /// The SDK's default (six tries, up to 25 s) would hold an HTTP request open long after a client gave up: two quick
    /// retries ride out a blip, and an account that stays unreachable becomes a 503 within a few seconds.
    /// </summary>
    public static T FailFast<T>(T options) where T : Azure.Core.ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>The connection string, for code that needs one; in Azure, with a managed identity, there is none.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        StorageConnection.Parse(configuration).ConnectionString
        ?? throw new InvalidOperationException(
            $"{FashionCoreServices.StorageSetting} names an account to reach with a managed identity, not a connection string: use StorageClients.Blobs or Queues.");

    private static Uri Required(Uri? uri, string key) =>
        uri ?? throw new InvalidOperationException($"{FashionCoreServices.StorageSetting}:{key} (or :accountName) is not set.");

    // A user-assigned identity is named by its client id, as the host's own AzureWebJobsStorage__clientId; without one,
    // DefaultAzureCredential finds the system-assigned identity in Azure and the developer's az login elsewhere.
    private static DefaultAzureCredential Credential(StorageConnection storage) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = storage.ClientId });
}
