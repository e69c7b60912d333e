using System.Text.Json;

namespace FashionFunctions.Core.Predict;

/// <summary>JSON input: {"pixels": [784 ints 0..255]} or {"vector": [784 floats 0..1]}, row-major 28x28.</summary>
public static class PixelPayload
{
    private const int Count = Images.GrayscalePng.PixelCount;

    public static byte[] Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            throw new ImageRejectedException($"Malformed JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("pixels", out _) && root.TryGetProperty("vector", out _))
            {
                throw new ImageRejectedException("Send either \"pixels\" or \"vector\", not both: they could disagree.");
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("pixels", out var pixels))
            {
                return Read(pixels, "pixels", v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var p) && p is >= 0 and <= 255 ? (byte)p : null, "a whole number from 0 to 255");
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("vector", out var vector))
            {
                return Read(vector, "vector", v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var f) && double.IsFinite(f) && f is >= 0 and <= 1 ? (byte)Math.Round(f * 255) : null, "a number from 0 to 1");
            }
        }

        throw new ImageRejectedException("JSON input needs \"pixels\" (784 ints 0..255) or \"vector\" (784 floats 0..1).");
    }

    private static byte[] Read(JsonElement array, string name, Func<JsonElement, byte?> convert, string expected)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != Count)
        {
            throw new ImageRejectedException($"\"{name}\" must be an array of exactly {Count} values (28x28, row-major).");
        }

        var result = new byte[Count];
        var i = 0;
        foreach (var value in array.EnumerateArray())
        {
            result[i] = convert(value) ?? throw new ImageRejectedException($"\"{name}\"[{i}] must be {expected}; got {InputEcho.Quote(value.GetRawText())}.");
            i++;
        }

        return result;
    }
}
