using System.Text.Json;
using Azure.Storage.Queues;
using FashionFunctions.Predict;

namespace FashionFunctions.Predict;

/// <summary>Queues a batch-scoring request; the ScoreRequests queue function does the work.</summary>
public sealed class StartBatchScoring(QueueClient scoreQueue)
{
    [Function(nameof(StartBatchScoring))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/batch")] HttpRequest request, CancellationToken ct)
    {
        ScoreRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ScoreRequest>(request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"""Expected {"{"}"use": "Testing", "modelVersion": 3{"}"}: {e.Message}""");
        }

        if (body is null || !ImageUses.TryParse(body.Use, out var use))
        {
            return Problems.BadRequest($"Unknown use '{body?.Use}': expected Training, Testing, 1 or 2.");
        }

        if (body.ModelVersion is < 1)
        {
            return Problems.BadRequest("modelVersion must be a positive whole number.");
        }

        var accepted = new ScoreRequest(use.ToString(), body.ModelVersion);
        await scoreQueue.SendMessageAsync(JsonSerializer.Serialize(accepted, JsonSerializerOptions.Web), ct);
        return new AcceptedResult((string?)null, new { accepted.Use, accepted.ModelVersion, Queue = scoreQueue.Name });
    }
}
