using System.Security.Cryptography;
using System.Text.Json;
using FashionFunctions.Images;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FashionFunctions.Predict;

/// <summary>What the model is given (784 floats, pixel / 255) and the SHA-256 of the body it came from.</summary>
public sealed record PredictionInput(float[] Pixels, byte[] Sha256)
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> of the body (Content-Length is not trusted) and parses it: an image
    /// (image/* or application/octet-stream), multipart/form-data with a field "image", or JSON {"pixels"} / {"vector"}.
    /// </summary>
    public static async Task<PredictionInput> ReadAsync(Stream body, string? contentType, bool? invert, long maxBytes, CancellationToken ct)
    {
        var bytes = await ReadBoundedAsync(body, maxBytes, ct);
        var hash = SHA256.HashData(bytes);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            throw new InvalidInputException(415, "Send Content-Type image/*, multipart/form-data or application/json.");
        }

        if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return new PredictionInput(ToFloats(FashionImage.FromEncoded(bytes, invert)), hash);
        }

        if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var image = await ImageFieldAsync(bytes, media, ct);
            return new PredictionInput(ToFloats(FashionImage.FromEncoded(image, invert)), SHA256.HashData(image));
        }

        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return new PredictionInput(FromJson(bytes), hash);
        }

        throw new InvalidInputException(415, $"Unsupported Content-Type '{type}': send image/*, multipart/form-data or application/json.");
    }

    public static float[] ToFloats(byte[] pixels) => [.. pixels.Select(p => p / 255f)];

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidInputException(413, $"The body is larger than the limit of {maxBytes:N0} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<byte[]> ImageFieldAsync(byte[] body, MediaTypeHeaderValue media, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new InvalidInputException(400, "multipart/form-data without a boundary.");
        }

        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body));
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) &&
                    HeaderUtilities.RemoveQuotes(disposition.Name).Equals("image", StringComparison.Ordinal))
                {
                    using var image = new MemoryStream();
                    await section.Body.CopyToAsync(image, ct);
                    return image.ToArray();
                }
            }
        }
        catch (IOException e)
        {
            throw new InvalidInputException(400, $"Malformed multipart body: {e.Message}");
        }

        throw new InvalidInputException(400, "multipart/form-data must have a field named 'image'.");
    }

    private static float[] FromJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("pixels", out var pixels))
            {
                return ToFloats(Values<byte>(pixels, "pixels", e => e.TryGetInt32(out var v) && v is >= 0 and <= 255 ? (byte)v : null));
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("vector", out var vector))
            {
                return Values<float>(vector, "vector", e => e.TryGetSingle(out var v) && float.IsFinite(v) && v is >= 0f and <= 1f ? v : null);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(400, $"Invalid JSON: {e.Message}");
        }

        throw new InvalidInputException(400, """JSON must be {"pixels": [784 ints 0..255]} or {"vector": [784 floats 0..1]}.""");
    }

    private static T[] Values<T>(JsonElement array, string name, Func<JsonElement, T?> parse) where T : struct
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != GrayscalePng.PixelCount)
        {
            var length = array.ValueKind == JsonValueKind.Array ? array.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : array.ValueKind.ToString();
            throw new InvalidInputException(400, $"'{name}' must be an array of {GrayscalePng.PixelCount} numbers; got {length}.");
        }

        var values = new T[GrayscalePng.PixelCount];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            values[i] = (element.ValueKind == JsonValueKind.Number ? parse(element) : null)
                ?? throw new InvalidInputException(400, $"'{name}'[{i}] = {element.GetRawText()} is out of range ({(name == "pixels" ? "whole numbers 0..255" : "finite numbers 0..1")}).");
            i++;
        }

        return values;
    }
}
