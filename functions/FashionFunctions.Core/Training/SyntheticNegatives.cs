using FashionFunctions.Core.Predict;
using SkiaSharp;

namespace FashionFunctions.Core.Training;

/// <summary>What a synthetic non-garment shows.</summary>
public enum NegativeKind { Blank, Noise, Gradient, Text, Digits, Shapes, Texture }

/// <summary>
/// Pictures that are not garments, drawn with SkiaSharp as a user might upload them (a PNG of some size, colour, light or
/// dark), then put through the same preprocessing as an upload. Deterministic: the same seed draws the same images.
/// </summary>
public static class SyntheticNegatives
{
    private static readonly string[] Words =
    [
        "Hello, world", "SALE 50%", "lorem ipsum", "Fashion", "FREE", "The quick brown fox", "QR", "OK", "a", "Zz",
        "invoice #2041", "MENU", "stop", "Welcome!", "@home", "x = y + 1", "NEW", "tel. 555", "abc", "WiFi",
    ];

    public sealed record Negative(NegativeKind Kind, byte[] Pixels);

    /// <summary><paramref name="count"/> images, the kinds in turn, each as the 28x28 pixels the model would see.</summary>
    public static IReadOnlyList<Negative> Generate(int count, int seed)
    {
        var kinds = Enum.GetValues<NegativeKind>();
        var images = new Negative[count];
        Parallel.For(0, count, i =>
        {
            // One generator per image, seeded by (seed, i): the result does not depend on how the loop is scheduled.
            // (HashCode.Combine would differ from process to process.)
            var random = new Random(unchecked((seed * 1_000_003) + i));
            var kind = kinds[i % kinds.Length];
            images[i] = new Negative(kind, ImagePreprocessor.Preprocess(Png(kind, random), invert: null).Pixels);
        });
        return images;
    }

    /// <summary>One picture of the kind, PNG-encoded.</summary>
    public static byte[] Png(NegativeKind kind, Random random)
    {
        var (width, height) = (random.Next(40, 240), random.Next(40, 240));
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            var background = RandomColor(random);
            canvas.Clear(background);
            switch (kind)
            {
                case NegativeKind.Blank:
                    break;
                case NegativeKind.Noise:
                    Noise(bitmap, random, smooth: random.Next(2) == 0);
                    break;
                case NegativeKind.Gradient:
                    Gradient(canvas, width, height, random);
                    break;
                case NegativeKind.Text:
                    Text(canvas, width, height, random, Words[random.Next(Words.Length)], Contrasting(background, random));
                    break;
                case NegativeKind.Digits:
                    Text(canvas, width, height, random, string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => (char)('0' + random.Next(10)))), Contrasting(background, random));
                    break;
                case NegativeKind.Shapes:
                    Shapes(canvas, width, height, random, background);
                    break;
                case NegativeKind.Texture:
                    Texture(canvas, bitmap, width, height, random);
                    break;
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static SKColor RandomColor(Random random) =>
        random.Next(3) == 0
            ? (random.Next(2) == 0 ? SKColors.White : SKColors.Black)
            : new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    private static SKColor Contrasting(SKColor background, Random random)
    {
        // Light or dark as the preprocessing judges it (luma), so the drawing survives the negation.
        var light = (0.299 * background.Red) + (0.587 * background.Green) + (0.114 * background.Blue) > 127;
        var level = (byte)(light ? random.Next(0, 90) : random.Next(170, 256));
        return new SKColor(level, (byte)Math.Clamp(level + random.Next(-40, 40), 0, 255), level);
    }

    private static void Noise(SKBitmap bitmap, Random random, bool smooth)
    {
        var (w, h) = smooth ? (random.Next(3, 12), random.Next(3, 12)) : (bitmap.Width, bitmap.Height);
        using var small = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        var colour = random.Next(2) == 0;
        var pixels = small.GetPixelSpan();
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = (byte)random.Next(256);
                Set(pixels, small.RowBytes, x, y, colour ? new SKColor((byte)random.Next(256), v, (byte)random.Next(256)) : new SKColor(v, v, v));
            }
        }

        small.NotifyPixelsChanged();

        using var scaled = small.Resize(bitmap.Info, new SKSamplingOptions(SKCubicResampler.Mitchell));
        scaled.CopyTo(bitmap);
    }

    private static void Gradient(SKCanvas canvas, int width, int height, Random random)
    {
        var colours = Enumerable.Range(0, random.Next(2, 4)).Select(_ => RandomColor(random)).ToArray();
        using var paint = new SKPaint();
        paint.Shader = random.Next(3) == 0
            ? SKShader.CreateRadialGradient(new SKPoint(random.Next(width), random.Next(height)), Math.Max(width, height) * (0.3f + (float)random.NextDouble()), colours, SKShaderTileMode.Clamp)
            : SKShader.CreateLinearGradient(new SKPoint(random.Next(width), random.Next(height)), new SKPoint(random.Next(width), random.Next(height)), colours, SKShaderTileMode.Clamp);
        canvas.DrawRect(0, 0, width, height, paint);
    }

    private static void Text(SKCanvas canvas, int width, int height, Random random, string text, SKColor colour)
    {
        using var font = new SKFont(SKTypeface.Default, 12);
        var measured = font.MeasureText(text);
        font.Size = Math.Max(6, 12 * (width * (0.5f + (0.45f * (float)random.NextDouble()))) / Math.Max(1, measured));
        font.Size = Math.Min(font.Size, height * 0.8f);
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        var x = (float)random.NextDouble() * Math.Max(1, width - font.MeasureText(text));
        var y = (height / 2f) + (font.Size / 3) + (float)((random.NextDouble() - 0.5) * height * 0.3);
        canvas.DrawText(text, x, y, font, paint);
    }

    private static void Shapes(SKCanvas canvas, int width, int height, Random random, SKColor background)
    {
        using var paint = new SKPaint { IsAntialias = true };
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            paint.Color = Contrasting(background, random);
            paint.Style = random.Next(2) == 0 ? SKPaintStyle.Fill : SKPaintStyle.Stroke;
            paint.StrokeWidth = random.Next(1, 8);
            var (cx, cy, r) = (random.Next(width), random.Next(height), random.Next(5, Math.Max(6, Math.Min(width, height) / 2)));
            switch (random.Next(4))
            {
                case 0:
                    canvas.DrawCircle(cx, cy, r, paint);
                    break;
                case 1:
                    canvas.DrawRect(cx - r, cy - (r / 2), r * 2, r, paint);
                    break;
                case 2:
                    canvas.DrawLine(random.Next(width), random.Next(height), random.Next(width), random.Next(height), paint);
                    break;
                default:
                    using (var path = new SKPath())
                    {
                        var corners = random.Next(3, 8);
                        for (var k = 0; k < corners; k++)
                        {
                            var angle = (2 * Math.PI * k / corners) + random.NextDouble();
                            var point = new SKPoint(cx + (float)(r * Math.Cos(angle)), cy + (float)(r * Math.Sin(angle)));
                            if (k == 0)
                            {
                                path.MoveTo(point);
                            }
                            else
                            {
                                path.LineTo(point);
                            }
                        }

                        path.Close();
                        canvas.DrawPath(path, paint);
                    }

                    break;
            }
        }
    }

    /// <summary>Stripes, checks, rings or a cloud-like field: the regular or organic patterns of photographs of things.</summary>
    private static void Texture(SKCanvas canvas, SKBitmap bitmap, int width, int height, Random random)
    {
        var period = random.Next(3, 30);
        var angle = random.NextDouble() * Math.PI;
        var kind = random.Next(4);
        if (kind == 3)
        {
            Noise(bitmap, random, smooth: true);
            using var paint = new SKPaint { Color = new SKColor(0, 0, 0, (byte)random.Next(40, 160)), IsAntialias = true };
            for (var n = random.Next(20, 80); n > 0; n--)
            {
                canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(1, 6), paint);
            }

            return;
        }

        var (dark, light) = ((byte)random.Next(0, 100), (byte)random.Next(150, 256));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var u = (x * Math.Cos(angle)) + (y * Math.Sin(angle));
                var v = (-x * Math.Sin(angle)) + (y * Math.Cos(angle));
                var on = kind switch
                {
                    0 => Math.Sin(2 * Math.PI * u / period) > 0,
                    1 => ((int)Math.Floor(u / period) + (int)Math.Floor(v / period)) % 2 == 0,
                    _ => Math.Sin(2 * Math.PI * Math.Sqrt(((x - (width / 2.0)) * (x - (width / 2.0))) + ((y - (height / 2.0)) * (y - (height / 2.0)))) / period) > 0,
                };
                var level = on ? light : dark;
                Set(pixels, bitmap.RowBytes, x, y, new SKColor(level, level, level));
            }
        }

        bitmap.NotifyPixelsChanged();
    }

    /// <summary>
    /// An opaque colour into an RGBA-8888 bitmap's memory: what SKBitmap.SetPixel writes, without its native call per
    /// pixel (which made noise and textures most of the time a training run spent drawing).
    /// </summary>
    private static void Set(Span<byte> pixels, int rowBytes, int x, int y, SKColor colour)
    {
        var at = (y * rowBytes) + (x * 4);
        (pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]) = (colour.Red, colour.Green, colour.Blue, colour.Alpha);
    }
}
