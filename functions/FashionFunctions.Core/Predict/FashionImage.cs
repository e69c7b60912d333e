using SkiaSharp;
using static FashionFunctions.Images.GrayscalePng;

namespace FashionFunctions.Predict;

/// <summary>
/// Turns any photo into what the model was trained on, following the Fashion-MNIST paper's conversion
/// (arXiv:1708.07747, section 2): trim edges close to the corner colour, resize the longest edge to 28, centre on a
/// 28x28 canvas, negate a light background, 8-bit grayscale. A 28x28 image is only negated (if light), never resampled,
/// so a Fashion-MNIST image passes through unchanged.
/// </summary>
public static class FashionImage
{
    public const int MaxSide = 8192;
    public const long MaxPixels = 40_000_000;

    /// <summary>The paper's "close to the corner colour": within 5% of the maximum intensity.</summary>
    public const int TrimTolerance = 255 * 5 / 100;

    public static byte[] FromEncoded(byte[] data, bool? invert)
    {
        if (data.Length == 0)
        {
            throw new InvalidInputException(400, "The image is empty (zero bytes).");
        }

        using var skData = SKData.CreateCopy(data);
        // The codec reads only the header here, so absurd dimensions are refused before any pixel is decoded.
        using var codec = SKCodec.Create(skData)
            ?? throw new InvalidInputException(400, "Not a recognised image: send PNG, JPEG, GIF, BMP or WebP.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new InvalidInputException(400, $"Image is {width}x{height}: at most {MaxSide} per side and {MaxPixels / 1_000_000} megapixels.");
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new InvalidInputException(400, $"The image could not be decoded ({result}); is it truncated?");
        }

        return FromGray(ToGray(bitmap), width, height, invert);
    }

    /// <summary>The conversion after decoding: gray pixels (row-major) in, 784 Fashion-MNIST pixels out.</summary>
    public static byte[] FromGray(byte[] gray, int width, int height, bool? invert)
    {
        var corner = gray[0];
        var negate = invert ?? corner >= 128;
        var pixels = width == Side && height == Side ? (byte[])gray.Clone() : TrimAndFit(gray, width, height, corner);
        if (negate)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        return pixels;
    }

    // Transparent areas are composited over white (a product photo's usual background); luma by BT.601 weights,
    // which map a gray pixel (r = g = b) exactly onto itself.
    private static byte[] ToGray(SKBitmap bitmap)
    {
        var rgba = bitmap.GetPixelSpan();
        var gray = new byte[bitmap.Width * bitmap.Height];
        for (var i = 0; i < gray.Length; i++)
        {
            int r = rgba[i * 4], g = rgba[(i * 4) + 1], b = rgba[(i * 4) + 2], a = rgba[(i * 4) + 3];
            var luma = ((299 * r) + (587 * g) + (114 * b) + 500) / 1000;
            gray[i] = (byte)(((luma * a) + (255 * (255 - a)) + 127) / 255);
        }

        return gray;
    }

    private static byte[] TrimAndFit(byte[] gray, int width, int height, byte corner)
    {
        var (left, top, right, bottom) = ContentBounds(gray, width, height, corner);
        var (cropWidth, cropHeight) = (right - left + 1, bottom - top + 1);
        var scale = (float)Side / Math.Max(cropWidth, cropHeight);
        var (fitWidth, fitHeight) = (Math.Max(1, (int)MathF.Round(cropWidth * scale)), Math.Max(1, (int)MathF.Round(cropHeight * scale)));

        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        gray.CopyTo(source.GetPixelSpan());
        using var image = SKImage.FromBitmap(source);
        using var surface = SKSurface.Create(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(corner, corner, corner));
        var target = SKRect.Create((Side - fitWidth) / 2f, (Side - fitHeight) / 2f, fitWidth, fitHeight);
        // Mipmaps average the many source pixels behind each of the 28x28 outputs instead of skipping them.
        surface.Canvas.DrawImage(image, SKRect.Create(left, top, cropWidth, cropHeight), target,
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));

        using var snapshot = surface.Snapshot();
        var rgba = new byte[PixelCount * 4];
        unsafe
        {
            fixed (byte* data = rgba)
            {
                snapshot.ReadPixels(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul), (nint)data, Side * 4, 0, 0);
            }
        }

        var pixels = new byte[PixelCount];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = rgba[i * 4];
        }

        return pixels;
    }

    /// <summary>The smallest box holding every pixel farther than the tolerance from the corner colour (whole image if none).</summary>
    public static (int Left, int Top, int Right, int Bottom) ContentBounds(byte[] gray, int width, int height, byte corner)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (Math.Abs(gray[(y * width) + x] - corner) > TrimTolerance)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return right < 0 ? (0, 0, width - 1, height - 1) : (left, top, right, bottom);
    }
}

/// <summary>Input a client must fix: the status (400, 413, 415) and a message for the problem body.</summary>
public sealed class InvalidInputException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
