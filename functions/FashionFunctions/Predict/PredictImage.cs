namespace FashionFunctions.Predict;

public sealed class PredictImage(PredictionInputReader reader, PredictionService predictions)
{
    /// <summary>Raw image/* bytes, multipart field "image", or JSON pixels/vector; ?invert=true|false overrides the guess.</summary>
    [Function(nameof(PredictImage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predict")] HttpRequest request, CancellationToken ct)
    {
        var (input, problem) = await reader.ReadAsync(request, ct);
        if (input is null)
        {
            return problem!;
        }

        return new OkObjectResult(await predictions.PredictUploadAsync(input.Pixels, input.Raw, ct));
    }
}
