namespace FashionFunctions.Predict;

public sealed class GetBatchScoring(BatchScorer scorer)
{
    /// <summary>A batch's progress: chunks done of total, rows stored, accuracy so far.</summary>
    [Function(nameof(GetBatchScoring))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions/batch/{batchId}")] HttpRequest request,
        string batchId, CancellationToken ct)
    {
        if (!ScoreQueue.IsBatchId(batchId))
        {
            return Problems.BadRequest($"Invalid batch id {InputEcho.Quote(batchId)}: expected 32 lowercase hexadecimal digits.");
        }

        return await scorer.GetAsync(batchId, ct) is { } status
            ? new OkObjectResult(status)
            : Problems.NotFound($"No batch {batchId}.");
    }
}
