using System.Buffers.Binary;

namespace FashionFunctions.Core.Images;

/// <summary>
/// The img_vector format: 784 little-endian IEEE-754 float32 values, pixel / 255, row-major (3,136 bytes).
/// Chosen over the article's Python pickle so any language can read it.
/// </summary>
public static class PixelVector
{
    public const int ByteLength = GrayscalePng.PixelCount * sizeof(float);

    public static byte[] FromPixels(ReadOnlySpan<byte> pixels)
    {
        var bytes = new byte[pixels.Length * sizeof(float)];
        for (var i = 0; i < pixels.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), pixels[i] / 255f);
        }

        return bytes;
    }

    public static float[] ToFloats(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException($"A pixel vector is a whole number of float32 values; got {bytes.Length} bytes.");
        }

        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }
}
