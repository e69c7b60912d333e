using FashionFunctions.Predict;

namespace FashionFunctions.Predict;

/// <summary>The JSON shape of a prediction, and the problem body for the errors every prediction can meet.</summary>
public static class PredictionResponse
{
    public static IActionResult Ok(PredictionResult result) => new OkObjectResult(new
    {
        result.Prediction.Label,
        result.Prediction.ClassName,
        result.Prediction.Confidence,
        Probabilities = FashionClasses.Names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => result.Prediction.Probabilities[x.i]),
        result.Prediction.ModelVersion,
        result.PredictionId,
        result.ActualLabel,
        Correct = result.ActualLabel is null ? (bool?)null : result.ActualLabel == result.Prediction.Label,
    });

    /// <summary>Runs a prediction, turning bad input into 4xx and a missing model into 503 (nothing is written then).</summary>
    public static async Task<IActionResult> GuardAsync(Func<Task<IActionResult>> predict)
    {
        try
        {
            return await predict();
        }
        catch (InvalidInputException e)
        {
            return Problems.Create(e.Status, e.Status switch { 413 => "Payload too large", 415 => "Unsupported media type", 404 => "Not found", _ => "Bad request" }, e.Message);
        }
        catch (ModelUnavailableException e)
        {
            return Problems.Unavailable(e.Message);
        }
    }

    public static bool TryGetInvert(HttpRequest request, out bool? invert, out string error)
    {
        invert = null;
        error = "";
        string? text = request.Query["invert"];
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!bool.TryParse(text, out var value))
        {
            error = $"Query parameter 'invert' must be true or false; got '{text}'.";
            return false;
        }

        invert = value;
        return true;
    }
}
