using System.Diagnostics;
using FashionFunctions.Predict;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Predict;

public sealed class PredictUpload(PredictionService predictions, IOptions<PredictOptions> options)
{
    [Function(nameof(PredictUpload))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predict")] HttpRequest request, CancellationToken ct)
    {
        var startedAt = Stopwatch.GetTimestamp();
        if (!PredictionResponse.TryGetInvert(request, out var invert, out var error))
        {
            return Problems.BadRequest(error);
        }

        return await PredictionResponse.GuardAsync(async () =>
        {
            var input = await PredictionInput.ReadAsync(request.Body, request.ContentType, invert, options.Value.MaxBodyBytes, ct);
            return PredictionResponse.Ok(await predictions.PredictUploadAsync(input, startedAt, ct));
        });
    }
}
