namespace FashionFunctions.Training;

public sealed class GetRetrainStatus(ModelRegistry registry)
{
    [Function(nameof(GetRetrainStatus))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/retrain/{requestId}")] HttpRequest request,
        string requestId, CancellationToken ct)
    {
        if (requestId.Length > 64)
        {
            return Problems.BadRequest("A request id is at most 64 characters.");
        }

        var row = await registry.GetRequestAsync(requestId, ct);
        return row is null ? Problems.NotFound($"No retrain request {InputEcho.Quote(requestId)}.") : new OkObjectResult(row);
    }
}
