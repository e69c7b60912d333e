using System.Buffers.Binary;
using System.IO.Compression;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Images;

namespace FashionFunctions.Tests.Unit;

public sealed class ImageCodecTests
{
    private static byte[] Gradient() => [.. Enumerable.Range(0, GrayscalePng.PixelCount).Select(i => (byte)(i * 7 % 256))];

    [Fact]
    public void A_png_round_trips_every_pixel()
    {
        var pixels = Gradient();

        Assert.Equal(pixels, GrayscalePng.Decode(GrayscalePng.Encode(pixels)));
    }

    [Fact]
    public void The_png_is_8_bit_grayscale()
    {
        var png = GrayscalePng.Encode(Gradient());

        Assert.Equal(8, png[24]);
        Assert.Equal(0, png[25]);
    }

    [Fact]
    public void A_vector_is_784_little_endian_floats_of_pixel_over_255()
    {
        var pixels = Gradient();

        var bytes = PixelVector.FromPixels(pixels);

        Assert.Equal(3136, bytes.Length);
        Assert.Equal(pixels[5] / 255f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(20)));
        Assert.Equal(pixels.Select(p => p / 255f), PixelVector.ToFloats(bytes));
    }

    [Fact]
    public void A_wrong_sized_image_is_refused()
    {
        Assert.Throws<ArgumentException>(() => GrayscalePng.Encode(new byte[100]));
    }

    [Fact]
    public void An_idx_file_with_28x28_images_is_read()
    {
        var idx = ImagesFile(count: 2, rows: 28, cols: 28, extra: 0);

        Assert.Equal(2 * 784, IdxFile.ReadImages(idx, "x").Length);
    }

    [Theory]
    [InlineData(2, 28, 28, -1, "truncated")]
    [InlineData(2, 28, 28, 1, "longer than its header says")]
    [InlineData(2, 32, 32, 0, "32x32")]
    public void An_idx_file_that_breaks_its_promise_is_refused(int count, int rows, int cols, int extra, string message)
    {
        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(ImagesFile(count, rows, cols, extra), "x"));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_label_outside_0_to_9_is_refused()
    {
        var raw = new byte[8 + 3];
        BinaryPrimitives.WriteInt32BigEndian(raw, IdxFile.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), 3);
        raw[10] = 10;

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(Gzip(raw), "labels"));

        Assert.Contains("label 10 at index 2", error.Message);
    }

    [Fact]
    public void Not_a_gzip_file_is_refused()
    {
        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(new MemoryStream("hello world"u8.ToArray()), "labels"));

        Assert.Contains("labels", error.Message);
    }

    private static MemoryStream ImagesFile(int count, int rows, int cols, int extra)
    {
        var raw = new byte[16 + (count * rows * cols) + extra];
        BinaryPrimitives.WriteInt32BigEndian(raw, IdxFile.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(12), cols);
        return Gzip(raw);
    }

    private static MemoryStream Gzip(byte[] raw)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        buffer.Position = 0;
        return buffer;
    }
}
