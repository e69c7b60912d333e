namespace FashionFunctions.Training;

public sealed class ListModels(ModelRegistry registry)
{
    [Function(nameof(ListModels))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models")] HttpRequest request, CancellationToken ct)
    {
        if (!request.TryGetInt("limit", 50, 1, 500, out var limit, out var error))
        {
            return Problems.BadRequest(error);
        }

        return new OkObjectResult((await registry.ListAsync(limit, ct)).Select(ModelView.From));
    }
}
