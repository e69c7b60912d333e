using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Predict;

/// <summary>Batch scoring requests: {use, modelVersion?}, validated the same way on the way in and out of the queue.</summary>
public sealed class ScoreQueue(QueueServiceClient queues, IOptions<PredictOptions> options)
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public QueueClient Client => queues.GetQueueClient(options.Value.ScoreQueue);

    public static bool TryParse(string? json, out ImageUse use, out long? modelVersion, out string error)
    {
        (use, modelVersion, error) = (default, null, "");
        ScoreRequest? request;
        try
        {
            request = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<ScoreRequest>(json, Strict);
        }
        catch (JsonException e)
        {
            error = $"Malformed score request: {e.Message}";
            return false;
        }

        if (request is null || !ImageUses.TryParse(request.Use, out use))
        {
            error = request is null ? "A score request needs {\"use\": \"Testing\"} (and optionally \"modelVersion\")." : ImageUses.Unknown(request.Use);
            return false;
        }

        if (request.ModelVersion is <= 0)
        {
            error = "modelVersion must be a positive whole number.";
            return false;
        }

        modelVersion = request.ModelVersion;
        return true;
    }

    public async Task EnqueueAsync(ImageUse use, long? modelVersion, CancellationToken ct)
    {
        await Client.CreateIfNotExistsAsync(cancellationToken: ct);
        await Client.SendMessageAsync(JsonSerializer.Serialize(new ScoreRequest(use.ToString(), modelVersion), Strict), ct);
    }
}
