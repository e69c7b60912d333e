using FashionFunctions.Predict;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Predict;

public sealed record PredictionInput(byte[] Pixels, byte[] Raw);

/// <summary>Reads a prediction request body in any accepted form, bounded in size, into 28x28 pixels.</summary>
public sealed class PredictionInputReader(IOptions<PredictOptions> options)
{
    public async Task<(PredictionInput? Input, IActionResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var limit = options.Value.MaxBodyBytes;
        if (!TryInvert(request, out var invert))
        {
            return (null, Problems.BadRequest("Query parameter 'invert' must be true or false."));
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        byte[]? body;
        if (mediaType == "multipart/form-data")
        {
            if (request.ContentLength > limit)
            {
                return (null, TooLarge(limit));
            }

            var form = await request.ReadFormAsync(ct);
            if (form.Files.GetFile("image") is not { } file)
            {
                return (null, Problems.BadRequest("The multipart form needs a file field named 'image'."));
            }

            if (file.Length > limit)
            {
                return (null, TooLarge(limit));
            }

            await using var stream = file.OpenReadStream();
            body = await RequestBody.ReadBoundedAsync(stream, limit, ct);
            mediaType = "image/*";
        }
        else
        {
            body = request.ContentLength > limit ? null : await RequestBody.ReadBoundedAsync(request.Body, limit, ct);
        }

        if (body is null)
        {
            return (null, TooLarge(limit));
        }

        try
        {
            return mediaType switch
            {
                "application/json" => (new PredictionInput(PixelPayload.Parse(body), body), null),
                _ when mediaType.StartsWith("image/", StringComparison.Ordinal) || mediaType == "application/octet-stream" =>
                    (new PredictionInput(ImagePreprocessor.Preprocess(body, invert).Pixels, body), null),
                _ => (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"Send an image (image/*), multipart/form-data with a field 'image', or application/json; got {InputEcho.Quote(request.ContentType)}.")),
            };
        }
        catch (ImageRejectedException e)
        {
            return (null, Problems.Create(e.Status, "Bad image", e.Message));
        }
    }

    private static IActionResult TooLarge(int limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is over the {limit:N0}-byte limit (Predict:MaxBodyBytes).");

    private static bool TryInvert(HttpRequest request, out bool? invert)
    {
        invert = null;
        string? text = request.Query["invert"];
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var ok = bool.TryParse(text, out var value);
        invert = ok ? value : null;
        return ok;
    }
}
