using FashionFunctions.Core.Predict;
using FashionFunctions.Predict;
using SkiaSharp;

namespace FashionFunctions.Tests.Unit;

/// <summary>Preprocessing as users send images: orientation, sharpening, background, transparency, truncation, size.</summary>
public sealed class ImagePreprocessorTests
{
    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 95)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static SKBitmap Picture(int width, int height, SKColor background, SKColor garment, SKRect garmentRect)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(background);
        using var paint = new SKPaint { Color = garment };
        canvas.DrawRect(garmentRect, paint);
        return bitmap;
    }

    private static byte Corner(PreprocessedImage image) => image.Pixels[0];

    [Fact]
    public void The_exif_orientation_is_applied()
    {
        using var landscape = Picture(80, 40, SKColors.White, SKColors.Black, new SKRect(0, 0, 20, 40));
        var jpeg = Encode(landscape, SKEncodedImageFormat.Jpeg);

        var plain = ImagePreprocessor.Preprocess(jpeg, null);
        var rotated = ImagePreprocessor.Preprocess(WithExifOrientation(jpeg, 6), null);

        Assert.Equal((80, 40), (plain.DecodedWidth, plain.DecodedHeight));
        Assert.Equal((40, 80), (rotated.DecodedWidth, rotated.DecodedHeight));
        // The dark bar was on the left; turned a quarter clockwise it is on top: a wide bar, centred, 28 pixels across.
        Assert.True(rotated.Pixels[(14 * 28) + 1] > 128 && rotated.Pixels[(14 * 28) + 26] > 128, "the bar spans the width after rotation");
    }

    [Fact]
    public void Sharpening_raises_contrast_at_outlines_only()
    {
        var pixels = Enumerable.Range(0, 20 * 20).Select(i => i % 20 < 10 ? 100f : 200f).ToArray();

        var sharpened = ImagePreprocessor.Sharpen(pixels, 20, 20);

        Assert.True(sharpened[(10 * 20) + 10] > 200, $"bright side of the edge {sharpened[(10 * 20) + 10]}");
        Assert.True(sharpened[(10 * 20) + 9] < 100, $"dark side of the edge {sharpened[(10 * 20) + 9]}");
        Assert.InRange(sharpened[(10 * 20) + 5], 99, 101);
        Assert.InRange(sharpened[(10 * 20) + 14], 199, 201);
    }

    [Theory]
    [InlineData(60, 220)]
    [InlineData(230, 40)]
    public void The_background_is_0_whether_the_photo_is_dark_or_light(byte background, byte garment)
    {
        using var photo = Picture(120, 160, new SKColor(background, background, background), new SKColor(garment, garment, garment), new SKRect(30, 20, 90, 140));

        var result = ImagePreprocessor.Preprocess(Encode(photo, SKEncodedImageFormat.Png), null);

        Assert.Equal(0, Corner(result));
        Assert.True(result.Pixels[(14 * 28) + 14] > 200, $"garment {result.Pixels[(14 * 28) + 14]}");
    }

    [Fact]
    public void A_white_garment_on_a_transparent_background_stays_visible_and_the_background_is_0()
    {
        using var photo = Picture(100, 100, SKColors.Transparent, SKColors.White, new SKRect(20, 10, 80, 90));

        var result = ImagePreprocessor.Preprocess(Encode(photo, SKEncodedImageFormat.Png), null);

        Assert.Equal(0, Corner(result));
        Assert.True(result.Pixels[(14 * 28) + 14] > 200, $"garment {result.Pixels[(14 * 28) + 14]}");
    }

    [Fact]
    public void A_fully_transparent_image_is_blank()
    {
        using var photo = Picture(64, 64, SKColors.Transparent, SKColors.Transparent, SKRect.Empty);

        var result = ImagePreprocessor.Preprocess(Encode(photo, SKEncodedImageFormat.Png), null);

        Assert.All(result.Pixels, p => Assert.Equal(0, p));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void A_truncated_image_of_any_format_is_refused(SKEncodedImageFormat format)
    {
        using var photo = Picture(200, 200, SKColors.White, SKColors.DarkBlue, new SKRect(50, 20, 150, 180));
        var encoded = Encode(photo, format);

        var error = Assert.Throws<ImageRejectedException>(() => ImagePreprocessor.Preprocess(encoded[..(encoded.Length * 2 / 3)], null));

        Assert.Equal(400, error.Status);
        Assert.Contains("truncated or corrupt", error.Message);
    }

    private static SKBitmap Large(int width, int height)
    {
        var photo = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(photo);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = SKColors.Black };
        canvas.DrawRect(new SKRect(width * 3 / 8, height / 10, width * 5 / 8, height * 9 / 10), paint);
        return photo;
    }

    [Fact]
    public void A_40_megapixel_jpeg_is_decoded_at_reduced_scale()
    {
        using var photo = Large(8000, 5000);

        var result = ImagePreprocessor.Preprocess(Encode(photo, SKEncodedImageFormat.Jpeg, 80), null);

        Assert.Equal((8000, 5000), (result.SourceWidth, result.SourceHeight));
        Assert.True(result.DecodedWidth <= 1024 && result.DecodedHeight <= 1024, $"decoded at {result.DecodedWidth}x{result.DecodedHeight}");
        Assert.Equal(0, Corner(result));
        Assert.True(result.Pixels[(14 * 28) + 14] > 200);
    }

    [Fact]
    public void A_large_png_is_reduced_and_a_40_megapixel_one_is_refused_rather_than_decoded_whole()
    {
        using var medium = Large(3000, 2000);
        using var huge = Large(8000, 5000);

        var reduced = ImagePreprocessor.Preprocess(Encode(medium, SKEncodedImageFormat.Png), null);
        var refused = Assert.Throws<ImageRejectedException>(() => ImagePreprocessor.Preprocess(Encode(huge, SKEncodedImageFormat.Png), null));

        Assert.True(reduced.DecodedWidth <= ImagePreprocessor.WorkingSide, $"worked at {reduced.DecodedWidth}x{reduced.DecodedHeight}");
        Assert.True(reduced.Pixels[(14 * 28) + 14] > 200);
        Assert.Contains("decoded whole", refused.Message);
    }

    /// <summary>Inserts an APP1 Exif segment with one IFD0 entry, Orientation (0x0112) = the given value, after the JPEG's SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
