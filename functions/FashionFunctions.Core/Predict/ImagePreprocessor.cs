using SkiaSharp;

namespace FashionFunctions.Predict;

/// <summary>An upload that is not an image this service can take; the message says why, for a 4xx problem.</summary>
public sealed class ImageRejectedException(string message, int status = 400) : Exception(message)
{
    public int Status { get; } = status;
}

public sealed record PreprocessedImage(byte[] Pixels, bool Inverted, int SourceWidth, int SourceHeight);

/// <summary>
/// Turns a user's picture into what the model was trained on, following the Fashion-MNIST paper's conversion
/// (arXiv:1708.07747, section 2): trim the edges close to the corner colour, fit the longest edge to 28 pixels, centre
/// on a 28x28 canvas, negate a light background (product photos are dark-on-light, Fashion-MNIST is light-on-dark),
/// 8-bit grayscale. Decoding is SkiaSharp's; the header is checked before any pixel is decoded.
/// </summary>
public static class ImagePreprocessor
{
    public const int Side = Images.GrayscalePng.Side;
    public const int MaxSide = 10_000;
    public const long MaxPixels = 40_000_000;

    /// <summary>Paper: "close" is within 5% of the maximum intensity.</summary>
    private const int TrimTolerance = 13;

    public static PreprocessedImage Preprocess(byte[] encoded, bool? invert)
    {
        if (encoded.Length == 0)
        {
            throw new ImageRejectedException("The image is empty (zero bytes).");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new ImageRejectedException("Not an image this service can decode (PNG, JPEG, GIF, BMP or WebP).");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new ImageRejectedException($"The image is {width}x{height}; at most {MaxSide} pixels a side and {MaxPixels:N0} pixels are accepted.");
        }

        var gray = Decode(codec, width, height);
        var background = Corners(gray, width, height);
        var light = invert ?? background > 127;
        if (width == Side && height == Side && !light)
        {
            return new PreprocessedImage(gray, false, width, height); // Already Fashion-MNIST-like: unchanged.
        }

        var (left, top, right, bottom) = Trim(gray, width, height, background);
        var cropped = Crop(gray, width, left, top, right, bottom);
        if (light)
        {
            for (var i = 0; i < cropped.Length; i++)
            {
                cropped[i] = (byte)(255 - cropped[i]);
            }
        }

        return new PreprocessedImage(Fit(cropped, right - left + 1, bottom - top + 1, light ? (byte)(255 - background) : background), light, width, height);
    }

    private static byte[] Decode(SKCodec codec, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* pointer = rgba)
            {
                var result = codec.GetPixels(info, (nint)pointer);
                if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput) ||
                    (result == SKCodecResult.IncompleteInput && codec.EncodedFormat == SKEncodedImageFormat.Png))
                {
                    throw new ImageRejectedException($"The image could not be decoded ({result}): it may be truncated or corrupt.");
                }
            }
        }

        // Luma (ITU-R BT.601), with transparent pixels taken as white paper behind the product.
        var gray = new byte[width * height];
        for (var i = 0; i < gray.Length; i++)
        {
            var alpha = rgba[(i * 4) + 3] / 255f;
            var luma = (0.299f * rgba[i * 4]) + (0.587f * rgba[(i * 4) + 1]) + (0.114f * rgba[(i * 4) + 2]);
            gray[i] = (byte)Math.Clamp(MathF.Round((luma * alpha) + (255 * (1 - alpha))), 0, 255);
        }

        return gray;
    }

    private static byte Corners(byte[] gray, int width, int height) =>
        (byte)((gray[0] + gray[width - 1] + gray[(height - 1) * width] + gray[(height * width) - 1]) / 4);

    private static (int Left, int Top, int Right, int Bottom) Trim(byte[] gray, int width, int height, byte background)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (Math.Abs(gray[(y * width) + x] - background) > TrimTolerance)
                {
                    (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                }
            }
        }

        return right < 0 ? (0, 0, width - 1, height - 1) : (left, top, right, bottom);
    }

    private static byte[] Crop(byte[] gray, int width, int left, int top, int right, int bottom)
    {
        var (w, h) = (right - left + 1, bottom - top + 1);
        var cropped = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(gray, ((top + y) * width) + left, cropped, y * w, w);
        }

        return cropped;
    }

    /// <summary>Longest edge to 28 with high-quality resampling, centred on a canvas of the (dark) background.</summary>
    private static byte[] Fit(byte[] gray, int width, int height, byte background)
    {
        var scale = (float)Side / Math.Max(width, height);
        var (w, h) = (Math.Max(1, (int)MathF.Round(width * scale)), Math.Max(1, (int)MathF.Round(height * scale)));
        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(gray, 0, source.GetPixels(), gray.Length);
        using var resized = source.Resize(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new ImageRejectedException("The image could not be resized.");

        var canvas = Enumerable.Repeat(background, Side * Side).ToArray();
        var pixels = resized.GetPixelSpan();
        var (offsetX, offsetY) = ((Side - w) / 2, (Side - h) / 2);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                canvas[((offsetY + y) * Side) + offsetX + x] = pixels[(y * resized.RowBytes) + x];
            }
        }

        return canvas;
    }
}
