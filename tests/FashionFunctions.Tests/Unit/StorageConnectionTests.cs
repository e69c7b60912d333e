using Azure.Storage.Queues;
using FashionFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace FashionFunctions.Tests.Unit;

public sealed class StorageConnectionTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    [Fact]
    public void A_value_is_a_connection_string()
    {
        var storage = StorageConnection.Parse(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        Assert.False(storage.UsesIdentity);
        Assert.Equal("UseDevelopmentStorage=true", storage.ConnectionString);
        Assert.Equal("devstoreaccount1", StorageClients.Blobs(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))).AccountName);
    }

    [Fact]
    public void A_connection_string_wins_over_identity_settings_as_in_the_host()
    {
        var storage = StorageConnection.Parse(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage:accountName", "fashionstore")));
        Assert.False(storage.UsesIdentity);
    }

    [Fact]
    public void An_account_name_gives_public_cloud_endpoints_reached_with_a_token()
    {
        var settings = Settings(("AzureWebJobsStorage:accountName", "fashionstore"));
        var storage = StorageConnection.Parse(settings);
        Assert.True(storage.UsesIdentity);
        Assert.Null(storage.ConnectionString);
        Assert.Equal(new Uri("https://fashionstore.blob.core.windows.net"), storage.BlobServiceUri);
        Assert.Equal(new Uri("https://fashionstore.queue.core.windows.net"), storage.QueueServiceUri);
        Assert.Null(storage.ClientId);

        Assert.Equal(new Uri("https://fashionstore.blob.core.windows.net"), StorageClients.Blobs(settings).Uri);
        Assert.Equal(new Uri("https://fashionstore.queue.core.windows.net"), StorageClients.Queues(settings).Uri);
        Assert.Throws<InvalidOperationException>(() => StorageClients.ConnectionString(settings));
    }

    [Fact]
    public void Service_uris_win_over_the_account_name_and_a_client_id_names_a_user_assigned_identity()
    {
        var storage = StorageConnection.Parse(Settings(
            ("AzureWebJobsStorage:accountName", "fashionstore"),
            ("AzureWebJobsStorage:blobServiceUri", "https://fashionstore.blob.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));
        Assert.Equal(new Uri("https://fashionstore.blob.core.chinacloudapi.cn"), storage.BlobServiceUri);
        Assert.Equal(new Uri("https://fashionstore.queue.core.windows.net"), storage.QueueServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", storage.ClientId);
    }

    [Fact]
    public void A_blob_uri_alone_serves_blobs_and_queues_say_what_is_missing()
    {
        var settings = Settings(("AzureWebJobsStorage:blobServiceUri", "https://fashionstore.blob.core.windows.net/"));
        Assert.Equal("fashionstore", StorageClients.Blobs(settings).AccountName);
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.Queues(settings));
        Assert.Contains("queueServiceUri", error.Message);
    }

    [Fact]
    public void Environment_names_as_set_in_Azure_are_read()
    {
        const string prefix = "FFTEST_STORAGE_";
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__accountName", "fashionstore");
        try
        {
            var settings = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            Assert.Equal(new Uri("https://fashionstore.blob.core.windows.net"), StorageConnection.Parse(settings).BlobServiceUri);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__accountName", null);
        }
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:accountName", "Fashion_Store")]
    [InlineData("AzureWebJobsStorage:accountName", "ab")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "fashionstore.blob.core.windows.net")]
    [InlineData("AzureWebJobsStorage:queueServiceUri", "ftp://fashionstore.queue.core.windows.net")]
    public void Malformed_identity_settings_are_refused_by_name(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Parse(Settings((key, value))));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Nothing_set_explains_both_ways()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Parse(Settings()));
        Assert.Contains("UseDevelopmentStorage=true", error.Message);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message);
    }

    [Fact]
    public async Task Queue_messages_reach_the_queue_base64_encoded_as_the_queue_trigger_reads_them()
    {
        const string message = "{\"use\":\"Testing\"}";
        var queue = StorageClients.Queues(Settings(("AzureWebJobsStorage", TestEnvironment.Storage))).GetQueueClient($"base64-{TestEnvironment.RunId}");
        await queue.CreateIfNotExistsAsync();
        try
        {
            await queue.SendMessageAsync(message);

            var raw = new QueueClient(TestEnvironment.Storage, queue.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            var stored = (await raw.PeekMessageAsync()).Value;

            Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(message)), stored.MessageText);
        }
        finally
        {
            await queue.DeleteIfExistsAsync();
        }
    }
}
