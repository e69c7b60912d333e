using System.Buffers.Binary;
using System.IO.Compression;

namespace FashionFunctions.Core.Dataset;

/// <summary>A file that is not what its name promises: wrong magic, dimensions or length.</summary>
public sealed class DatasetFormatException(string message) : Exception(message);

/// <summary>The images and labels of one Fashion-MNIST split, validated.</summary>
public sealed record IdxSplit(ImageUse Use, byte[] Pixels, byte[] Labels)
{
    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) =>
        Pixels.AsSpan(index * Images.GrayscalePng.PixelCount, Images.GrayscalePng.PixelCount);
}

/// <summary>Reads the IDX format (big-endian int32 magic, int32 dimensions, raw bytes) from gzip streams.</summary>
public static class IdxFile
{
    public const int ImagesMagic = 2051;
    public const int LabelsMagic = 2049;

    public static byte[] ReadImages(Stream gzip, string name)
    {
        var bytes = Decompress(gzip, name);
        var count = Header(bytes, name, ImagesMagic, dimensions: 3);
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (rows != Images.GrayscalePng.Side || cols != Images.GrayscalePng.Side)
        {
            throw new DatasetFormatException($"{name}: images are {rows}x{cols}, expected 28x28.");
        }

        return Body(bytes, name, headerLength: 16, (long)count * rows * cols);
    }

    public static byte[] ReadLabels(Stream gzip, string name)
    {
        var bytes = Decompress(gzip, name);
        var count = Header(bytes, name, LabelsMagic, dimensions: 1);
        var labels = Body(bytes, name, headerLength: 8, count);
        var bad = Array.FindIndex(labels, l => l >= FashionClasses.Count);
        if (bad >= 0)
        {
            throw new DatasetFormatException($"{name}: label {labels[bad]} at index {bad} is not a class (0..9).");
        }

        return labels;
    }

    public static IdxSplit Split(ImageUse use, byte[] pixels, byte[] labels, string imagesName)
    {
        var images = pixels.Length / Images.GrayscalePng.PixelCount;
        if (images != labels.Length)
        {
            throw new DatasetFormatException($"{imagesName}: {images} images but {labels.Length} labels.");
        }

        return new IdxSplit(use, pixels, labels);
    }

    private static byte[] Decompress(Stream gzip, string name)
    {
        try
        {
            using var inflater = new GZipStream(gzip, CompressionMode.Decompress, leaveOpen: true);
            using var buffer = new MemoryStream();
            inflater.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{name}: not a valid gzip file ({e.Message}).");
        }
        catch (EndOfStreamException)
        {
            throw new DatasetFormatException($"{name}: the gzip stream is truncated.");
        }
    }

    private static int Header(byte[] bytes, string name, int magic, int dimensions)
    {
        var headerLength = 4 + (4 * dimensions);
        if (bytes.Length < headerLength)
        {
            throw new DatasetFormatException($"{name}: {bytes.Length} bytes is too short for an IDX header.");
        }

        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
        {
            throw new DatasetFormatException($"{name}: magic number {found}, expected {magic}.");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        return count >= 0 ? count : throw new DatasetFormatException($"{name}: negative item count {count}.");
    }

    private static byte[] Body(byte[] bytes, string name, int headerLength, long expected)
    {
        var actual = bytes.LongLength - headerLength;
        if (actual != expected)
        {
            var what = actual < expected ? "truncated" : "longer than its header says";
            throw new DatasetFormatException($"{name}: file is {what} ({actual:N0} data bytes, header promises {expected:N0}).");
        }

        return bytes[headerLength..];
    }
}
