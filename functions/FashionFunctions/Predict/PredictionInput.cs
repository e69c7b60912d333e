using FashionFunctions.Core.Predict;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FashionFunctions.Predict;

public sealed record PredictionInput(byte[] Pixels, byte[] Raw);

/// <summary>What a prediction body held: the model's input, or the problem with it.</summary>
public sealed record PredictionRead(
    PredictionInput? Input, Results<Ok<PredictionResult>, BadRequestProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem, NotFoundProblem, ConflictProblem>? Problem);

/// <summary>JSON input, as the API describes it: exactly one of the two arrays.</summary>
public sealed record PixelInputDescription(
    [property: System.ComponentModel.Description("784 whole numbers 0..255, row-major 28x28")] int[]? Pixels,
    [property: System.ComponentModel.Description("784 numbers 0..1, row-major 28x28")] float[]? Vector);

/// <summary>
/// Reads a prediction request body in any accepted form into 28x28 pixels: bounded in size while reading, multipart
/// parsed as a stream (nothing is buffered to disk), and at most a few images decoded at once.
/// </summary>
public sealed class PredictionInputReader(IOptions<PredictOptions> options, ImageDecodeGate decodes)
{
    // A browser's form sends one file and perhaps a field or two; more is not a prediction request.
    private const int MaxParts = 8;
    private const int MaxPartHeaderBytes = 8 * 1024;

    public async Task<PredictionRead> ReadAsync(HttpRequest request, bool? invert, CancellationToken ct)
    {
        var limit = options.Value.MaxBodyBytes;
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        var isImage = mediaType.StartsWith("image/", StringComparison.Ordinal) || mediaType == "application/octet-stream";
        if (mediaType is not ("application/json" or "multipart/form-data") && !isImage)
        {
            return new(null, new UnsupportedMediaTypeProblem(
                $"Send an image (image/*), multipart/form-data with a field 'image', or application/json; got {InputEcho.Quote(request.ContentType)}."));
        }

        byte[]? body;
        try
        {
            body = mediaType == "multipart/form-data" ? await ReadImagePartAsync(request, limit, ct) : await RequestBodies.ReadBoundedAsync(request, limit, ct);
        }
        catch (MultipartException e)
        {
            return Bad(ProblemType.Validation, e.Message);
        }

        if (body is null)
        {
            return new(null, new PayloadTooLargeProblem($"The body is over the {limit:N0}-byte limit (Predict:MaxBodyBytes)."));
        }

        try
        {
            var pixels = mediaType == "application/json"
                ? PixelPayload.Parse(body)
                : await decodes.RunAsync(() => ImagePreprocessor.Preprocess(body, invert).Pixels, ct);
            return new(new PredictionInput(pixels, body), null);
        }
        catch (ImageRejectedException e)
        {
            return Bad(ProblemType.BadImage, e.Message);
        }
    }

    /// <summary>The bytes of the multipart field "image", read as the body streams in; null when over the limit.</summary>
    private static async Task<byte[]?> ReadImagePartAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (!RequestBodies.LimitTo(request, limit))
        {
            return null;
        }

        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw new MultipartException("The multipart body needs a boundary of 1 to 70 characters in its Content-Type.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = MaxPartHeaderBytes, BodyLengthLimit = limit };
        try
        {
            for (var parts = 1; await reader.ReadNextSectionAsync(ct) is { } section; parts++)
            {
                if (parts > MaxParts)
                {
                    throw new MultipartException($"The multipart body has more than {MaxParts} parts; send one file field named 'image'.");
                }

                if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition() &&
                    HeaderUtilities.RemoveQuotes(disposition.Name).Equals("image", StringComparison.Ordinal))
                {
                    return await RequestBodies.ReadBoundedAsync(section.Body, limit, ct);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (InvalidDataException e) when (e.Message.Contains("Multipart body length limit", StringComparison.Ordinal))
        {
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new MultipartException($"The multipart body does not parse: {e.Message}");
        }

        throw new MultipartException("The multipart form needs a file field named 'image'.");
    }

    private static PredictionRead Bad(ProblemType type, string detail) => new(null, new BadRequestProblem(type, detail));

    private sealed class MultipartException(string message) : Exception(message);
}
