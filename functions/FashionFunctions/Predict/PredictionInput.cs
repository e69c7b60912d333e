using Microsoft.Extensions.Options;

namespace FashionFunctions.Predict;

public sealed record PredictionInput(byte[] Pixels, byte[] Raw);

/// <summary>What a prediction body held: the model's input, or the problem with it.</summary>
public sealed record PredictionRead(PredictionInput? Input, Results<Ok<PredictionResult>, BadRequestProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem>? Problem);

/// <summary>JSON input, as the API describes it: exactly one of the two arrays.</summary>
public sealed record PixelInputDescription(
    [property: System.ComponentModel.Description("784 whole numbers 0..255, row-major 28x28")] int[]? Pixels,
    [property: System.ComponentModel.Description("784 numbers 0..1, row-major 28x28")] float[]? Vector);

/// <summary>Reads a prediction request body in any accepted form, bounded in size, into 28x28 pixels.</summary>
public sealed class PredictionInputReader(IOptions<PredictOptions> options)
{
    public async Task<PredictionRead> ReadAsync(HttpRequest request, bool? invert, CancellationToken ct)
    {
        var limit = options.Value.MaxBodyBytes;
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        byte[]? body;
        if (mediaType == "multipart/form-data")
        {
            if (request.ContentLength > limit)
            {
                return TooLarge(limit);
            }

            var form = await request.ReadFormAsync(ct);
            if (form.Files.GetFile("image") is not { } file)
            {
                return Bad(ProblemType.Validation, "The multipart form needs a file field named 'image'.");
            }

            if (file.Length > limit)
            {
                return TooLarge(limit);
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
            return TooLarge(limit);
        }

        try
        {
            return mediaType switch
            {
                "application/json" => new PredictionRead(new PredictionInput(PixelPayload.Parse(body), body), null),
                _ when mediaType.StartsWith("image/", StringComparison.Ordinal) || mediaType == "application/octet-stream" =>
                    new PredictionRead(new PredictionInput(ImagePreprocessor.Preprocess(body, invert).Pixels, body), null),
                _ => new PredictionRead(null, new UnsupportedMediaTypeProblem(
                    $"Send an image (image/*), multipart/form-data with a field 'image', or application/json; got {InputEcho.Quote(request.ContentType)}.")),
            };
        }
        catch (ImageRejectedException e)
        {
            return Bad(ProblemType.BadImage, e.Message);
        }
    }

    private static PredictionRead Bad(ProblemType type, string detail) => new(null, new BadRequestProblem(type, detail));

    private static PredictionRead TooLarge(int limit) =>
        new(null, new PayloadTooLargeProblem($"The body is over the {limit:N0}-byte limit (Predict:MaxBodyBytes)."));
}
