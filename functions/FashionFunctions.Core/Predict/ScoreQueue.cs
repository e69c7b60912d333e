using System.Text.Json;

namespace FashionFunctions.Core.Predict;

/// <summary>One chunk of a batch to score: the message on the score queue.</summary>
public sealed record ScoreChunk(string BatchId, int Chunk);

/// <summary>
/// Batch scoring messages: the request {use, modelVersion?} and the chunk messages {batchId, chunk} that
/// POST /api/predictions/batch puts on the score queue, each validated the same way wherever it is read.
/// </summary>
public static class ScoreQueue
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

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

    /// <summary>One message per chunk, for the score queue.</summary>
    public static string[] ChunkMessages(ScoreBatch batch) =>
        [.. Enumerable.Range(0, batch.Chunks).Select(chunk => JsonSerializer.Serialize(new ScoreChunk(batch.BatchId, chunk), Strict))];

    public static bool TryParseChunk(string? json, out ScoreChunk chunk, out string error)
    {
        (chunk, error) = (new ScoreChunk("", 0), "");
        try
        {
            chunk = (string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<ScoreChunk>(json, Strict)) ?? chunk;
        }
        catch (JsonException e)
        {
            error = $"Malformed score chunk message: {e.Message}";
            return false;
        }

        if (!IsBatchId(chunk.BatchId) || chunk.Chunk < 0)
        {
            error = "A score chunk message is {\"batchId\": \"<32 hex digits>\", \"chunk\": <0 or more>}.";
            return false;
        }

        return true;
    }

    public static bool IsBatchId(string? text) => text is { Length: 32 } && text.All(char.IsAsciiHexDigitLower);
}
