using Microsoft.Extensions.Configuration;

namespace FashionFunctions.Core;

/// <summary>
/// How the AzureWebJobsStorage setting names the storage account, read the way the Functions host reads it: a value is a
/// connection string (Azurite, or keys); otherwise its children (env AzureWebJobsStorage__accountName, __blobServiceUri,
/// __queueServiceUri, __clientId) name endpoints that are reached with a token, so no account key is ever configured.
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? BlobServiceUri, Uri? QueueServiceUri, string? ClientId)
{
    public bool UsesIdentity => ConnectionString is null;

    public static StorageConnection Parse(IConfiguration configuration)
    {
        var setting = FashionCoreServices.StorageSetting;
        var section = configuration.GetSection(setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null);
        }

        var accountName = section["accountName"];
        if (!string.IsNullOrWhiteSpace(accountName) && !IsAccountName(accountName))
        {
            throw new InvalidOperationException(
                $"{setting}:accountName '{accountName}' is not a storage account name (3-24 lowercase letters and digits).");
        }

        var blob = ServiceUri(section, "blobServiceUri", accountName, "blob");
        var queue = ServiceUri(section, "queueServiceUri", accountName, "queue");
        if (blob is null && queue is null)
        {
            throw new InvalidOperationException(
                $"{setting} is not set: give a connection string (UseDevelopmentStorage=true for Azurite, see local.settings.sample.json) " +
                $"or, with a managed identity, {setting}__accountName or {setting}__blobServiceUri and {setting}__queueServiceUri.");
        }

        var clientId = section["clientId"];
        return new StorageConnection(null, blob, queue, string.IsNullOrWhiteSpace(clientId) ? null : clientId);
    }

    private static Uri? ServiceUri(IConfigurationSection section, string key, string? accountName, string service)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            // The public cloud's suffix, as the host assumes too; other clouds set the service URIs explicitly.
            return string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"{section.Path}:{key} '{text}' is not an absolute http(s) URI.");
    }

    private static bool IsAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));
}
