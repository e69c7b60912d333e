using SkiaSharp;

namespace FashionFunctions.Core.Images;

/// <summary>8-bit grayscale PNG encoding and decoding of 28x28 Fashion-MNIST images, done by SkiaSharp.</summary>
public static class GrayscalePng
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;

    private static readonly SKImageInfo GrayInfo = new(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque);

    public static byte[] Encode(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != PixelCount)
        {
            throw new ArgumentException($"Expected {PixelCount} pixels, got {pixels.Length}.", nameof(pixels));
        }

        unsafe
        {
            fixed (byte* data = pixels)
            {
                using var pixmap = new SKPixmap(GrayInfo, (nint)data, Side);
                using var encoded = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 9))
                    ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
                return encoded.ToArray();
            }
        }
    }

    /// <summary>Decodes a stored 28x28 PNG back to its 784 gray pixels.</summary>
    public static byte[] Decode(byte[] png)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(png))
            ?? throw new InvalidDataException("Not a decodable image.");
        if (codec.Info.Width != Side || codec.Info.Height != Side)
        {
            throw new InvalidDataException($"Expected a {Side}x{Side} image, got {codec.Info.Width}x{codec.Info.Height}.");
        }

        var pixels = new byte[PixelCount];
        unsafe
        {
            fixed (byte* data = pixels)
            {
                var result = codec.GetPixels(GrayInfo, (nint)data);
                if (result != SKCodecResult.Success)
                {
                    throw new InvalidDataException($"PNG decoding failed: {result}.");
                }
            }
        }

        return pixels;
    }
}
