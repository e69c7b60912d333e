using SkiaSharp;

namespace FashionFunctions.Core.Predict;

/// <summary>An upload that is not an image this service can take; the message says why, for a 4xx problem.</summary>
public sealed class ImageRejectedException(string message, int status = 400) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>The 28x28 pixels, whether they were negated, the upload's size, and the size it was decoded at.</summary>
public sealed record PreprocessedImage(byte[] Pixels, bool Inverted, int SourceWidth, int SourceHeight, int DecodedWidth, int DecodedHeight);

/// <summary>
/// Turns a user's picture into what the model was trained on, following the Fashion-MNIST paper's conversion
/// (arXiv:1708.07747, section 2): trim the edges close to the corner colour, fit the longest edge to 28 pixels, sharpen
/// (Gaussian, sigma 1), centre on a 28x28 canvas, negate a light background (product photos are dark-on-light,
/// Fashion-MNIST is light-on-dark), 8-bit grayscale, with the background at exactly 0. Before that: the header is
/// checked before any pixel is decoded; a large image is decoded at reduced scale (never at full size); EXIF
/// orientation is applied; transparent pixels are background; a truncated or corrupt image is refused, whatever its
/// format. Decoding and resampling are SkiaSharp's.
/// </summary>
public static class ImagePreprocessor
{
    public const int Side = Images.GrayscalePng.Side;
    public const int MaxSide = 10_000;
    public const long MaxPixels = 40_000_000;

    /// <summary>Images are decoded with their longest side at most about this: plenty for a 28-pixel result.</summary>
    public const int WorkingSide = 512;

    /// <summary>Paper: "close" is within 5% of the maximum intensity.</summary>
    private const int TrimTolerance = 13;

    public static PreprocessedImage Preprocess(byte[] encoded, bool? invert)
    {
        if (encoded.Length == 0)
        {
            throw new ImageRejectedException("The image is empty (zero bytes).");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new ImageRejectedException("Not an image this service can decode (PNG, JPEG, GIF, BMP or WebP), or one truncated or corrupt beyond reading.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new ImageRejectedException($"The image is {width}x{height}; at most {MaxSide} pixels a side and {MaxPixels:N0} pixels are accepted.");
        }

        var decoded = Orient(Decode(codec, width, height), codec.EncodedOrigin);
        var (gray, light) = Grayscale(decoded, invert);
        if (decoded.Width == Side && decoded.Height == Side && !light && !decoded.Transparent)
        {
            return new PreprocessedImage(gray.Original, false, width, height, Side, Side); // Already Fashion-MNIST-like: unchanged.
        }

        var (left, top, right, bottom) = Trim(gray.Pixels, decoded.Width, decoded.Height);
        var cropped = Crop(gray.Pixels, decoded.Width, left, top, right, bottom);
        return new PreprocessedImage(Fit(cropped, right - left + 1, bottom - top + 1), light, width, height, decoded.Width, decoded.Height);
    }

    /// <summary>Premultiplied RGBA pixels of the image, at most about <see cref="WorkingSide"/> a side.</summary>
    private sealed record Rgba(byte[] Pixels, int Width, int Height)
    {
        public bool Transparent { get; } = HasTransparency(Pixels);

        private static bool HasTransparency(byte[] pixels)
        {
            var transparent = 0;
            for (var i = 3; i < pixels.Length; i += 4)
            {
                transparent += pixels[i] < 128 ? 1 : 0;
            }

            // A few see-through pixels (anti-aliased corners) do not make transparency the background.
            return transparent * 100L >= pixels.Length / 4;
        }
    }

    private static Rgba Decode(SKCodec codec, int width, int height)
    {
        var factor = (int)Math.Ceiling(Math.Max(width, height) / (double)WorkingSide);
        if (factor <= 1)
        {
            return Whole(codec, width, height);
        }

        // JPEG decodes natively at 1/2, 1/4 or 1/8 scale, WebP at any: ask the codec first.
        var scaled = codec.GetScaledDimensions(1f / factor);
        if (scaled.Width < width && (long)scaled.Width * scaled.Height <= 4L * WorkingSide * WorkingSide)
        {
            return Whole(codec, scaled.Width, scaled.Height);
        }

        return Scanlines(codec, width, height, factor);
    }

    private static Rgba Whole(SKCodec codec, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rgba = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* pointer = rgba)
            {
                var result = codec.GetPixels(info, (nint)pointer);
                if (result != SKCodecResult.Success)
                {
                    throw new ImageRejectedException($"The image could not be decoded ({result}): it may be truncated or corrupt.");
                }
            }
        }

        return new Rgba(rgba, width, height);
    }

    /// <summary>
    /// Row by row, averaging factor x factor boxes, so only one full-width row is ever held. SkiaSharp reads PNG and GIF
    /// only whole: those are decoded whole up to <see cref="MaxWholeDecodePixels"/> and then reduced, and refused above it.
    /// </summary>
    private static Rgba Scanlines(SKCodec codec, int width, int height, int factor)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var (w, h) = ((width + factor - 1) / factor, (height + factor - 1) / factor);
        var reduced = new BoxAverage(w, h, factor);
        if (codec.StartScanlineDecode(info) == SKCodecResult.Success)
        {
            var row = new byte[width * 4];
            unsafe
            {
                fixed (byte* pointer = row)
                {
                    for (var y = 0; y < height; y++)
                    {
                        if (codec.GetScanlines((nint)pointer, 1, row.Length) != 1)
                        {
                            throw new ImageRejectedException("The image could not be decoded (IncompleteInput): it may be truncated or corrupt.");
                        }

                        reduced.Add(y, row);
                    }
                }
            }

            return reduced.Result();
        }

        if ((long)width * height > MaxWholeDecodePixels)
        {
            throw new ImageRejectedException(
                $"The image is {width}x{height} {codec.EncodedFormat}, which can only be decoded whole, and at most {MaxWholeDecodePixels:N0} pixels are decoded whole; send a JPEG or WebP, or a smaller image.");
        }

        var whole = Whole(codec, width, height);
        for (var y = 0; y < height; y++)
        {
            reduced.Add(y, whole.Pixels.AsSpan(y * width * 4, width * 4));
        }

        return reduced.Result();
    }

    /// <summary>PNG, GIF or BMP images up to this size are decoded whole before they are reduced (64 MB of pixels at most).</summary>
    public const long MaxWholeDecodePixels = 16_000_000;

    /// <summary>Averages factor x factor boxes of premultiplied RGBA rows into a smaller image.</summary>
    private sealed class BoxAverage(int width, int height, int factor)
    {
        private readonly long[] sums = new long[width * height * 4];
        private readonly int[] counts = new int[width * height];

        public void Add(int y, ReadOnlySpan<byte> row)
        {
            var target = y / factor * width;
            for (var x = 0; x < row.Length / 4; x++)
            {
                var cell = target + (x / factor);
                counts[cell]++;
                for (var c = 0; c < 4; c++)
                {
                    sums[(cell * 4) + c] += row[(x * 4) + c];
                }
            }
        }

        public Rgba Result()
        {
            var rgba = new byte[sums.Length];
            for (var i = 0; i < rgba.Length; i++)
            {
                rgba[i] = (byte)((sums[i] + (counts[i / 4] / 2)) / counts[i / 4]);
            }

            return new Rgba(rgba, width, height);
        }
    }

    /// <summary>Turns the pixels as the EXIF orientation says they are to be shown (a phone portrait is stored sideways).</summary>
    private static Rgba Orient(Rgba image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return image;
        }

        var (w, h) = (image.Width, image.Height);
        var swapped = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (outW, outH) = swapped ? (h, w) : (w, h);
        var result = new byte[image.Pixels.Length];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // LeftBottom
                };
                Array.Copy(image.Pixels, ((sy * w) + sx) * 4, result, ((y * outW) + x) * 4, 4);
            }
        }

        return new Rgba(result, outW, outH);
    }

    /// <summary>The grayscale pixels with the background at 0, and the plain luma (what a 28x28 Fashion-MNIST-like image keeps).</summary>
    private sealed record Gray(byte[] Pixels, byte[] Original);

    /// <summary>
    /// Luma (ITU-R BT.601), oriented so the garment is light and the background exactly 0. With transparency, the
    /// transparent pixels are the background and the garment is negated only when it is dark (so a white garment on a
    /// transparent background stays visible); otherwise the corners are the background, negated when light.
    /// </summary>
    private static (Gray Gray, bool Light) Grayscale(Rgba image, bool? invert)
    {
        var count = image.Width * image.Height;
        var luma = new float[count];
        var alpha = new float[count];
        for (var i = 0; i < count; i++)
        {
            var p = image.Pixels.AsSpan(i * 4, 4);
            alpha[i] = p[3] / 255f;
            var premultiplied = (0.299f * p[0]) + (0.587f * p[1]) + (0.114f * p[2]);
            luma[i] = alpha[i] == 0 ? 0 : Math.Clamp(premultiplied / alpha[i], 0, 255);
        }

        var gray = new byte[count];
        if (image.Transparent)
        {
            double sum = 0, weight = 0;
            for (var i = 0; i < count; i++)
            {
                sum += luma[i] * alpha[i];
                weight += alpha[i];
            }

            var negate = invert ?? (weight == 0 || sum / weight < 128);
            for (var i = 0; i < count; i++)
            {
                gray[i] = (byte)Math.Clamp(MathF.Round(alpha[i] * (negate ? 255 - luma[i] : luma[i])), 0, 255);
            }

            return (new Gray(gray, gray), negate);
        }

        var w = image.Width;
        var corners = (luma[0] + luma[w - 1] + luma[(image.Height - 1) * w] + luma[count - 1]) / 4;
        var light = invert ?? corners > 127;
        var background = light ? 255 - corners : corners;
        var original = new byte[count];
        for (var i = 0; i < count; i++)
        {
            original[i] = (byte)Math.Clamp(MathF.Round(luma[i]), 0, 255);
            var value = light ? 255 - luma[i] : luma[i];
            // The background goes to exactly 0 (as in Fashion-MNIST), the range above it is stretched to 255.
            gray[i] = (byte)Math.Clamp(MathF.Round((value - background) * 255 / (255 - background)), 0, 255);
        }

        return (new Gray(gray, original), light);
    }

    private static (int Left, int Top, int Right, int Bottom) Trim(byte[] gray, int width, int height)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (gray[(y * width) + x] > TrimTolerance)
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

    /// <summary>Longest edge to 28 with high-quality resampling, sharpened, centred on a canvas of background (0).</summary>
    private static byte[] Fit(byte[] gray, int width, int height)
    {
        var scale = (float)Side / Math.Max(width, height);
        var (w, h) = (Math.Max(1, (int)MathF.Round(width * scale)), Math.Max(1, (int)MathF.Round(height * scale)));
        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(gray, 0, source.GetPixels(), gray.Length);
        using var resized = source.Resize(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new ImageRejectedException("The image could not be resized.");

        var pixels = resized.GetPixelSpan();
        var small = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                small[(y * w) + x] = pixels[(y * resized.RowBytes) + x];
            }
        }

        var sharpened = Sharpen(small, w, h);
        var canvas = new byte[Side * Side];
        var (offsetX, offsetY) = ((Side - w) / 2, (Side - h) / 2);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                canvas[((offsetY + y) * Side) + offsetX + x] = sharpened[(y * w) + x];
            }
        }

        return canvas;
    }

    private static readonly float[] Gaussian = GaussianKernel(sigma: 1, radius: 2);

    /// <summary>
    /// The paper's sharpening: an unsharp mask with a Gaussian of sigma 1, so the effect grows with the local contrast,
    /// strongest at outlines. Pixels outside the image count as background.
    /// </summary>
    public static byte[] Sharpen(float[] pixels, int width, int height)
    {
        var horizontal = new float[pixels.Length];
        var blurred = new float[pixels.Length];
        var radius = Gaussian.Length / 2;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var across = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    across += x + k is >= 0 && x + k < width ? pixels[(y * width) + x + k] * Gaussian[k + radius] : 0;
                }

                horizontal[(y * width) + x] = across;
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += y + k is >= 0 && y + k < height ? horizontal[((y + k) * width) + x] * Gaussian[k + radius] : 0;
                }

                blurred[(y * width) + x] = sum;
            }
        }

        var result = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            result[i] = (byte)Math.Clamp(MathF.Round(pixels[i] + (pixels[i] - blurred[i])), 0, 255);
        }

        return result;
    }

    private static float[] GaussianKernel(float sigma, int radius)
    {
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(k => MathF.Exp(-(k * k) / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        return [.. kernel.Select(k => k / sum)];
    }
}
