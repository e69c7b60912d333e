using System.Buffers.Binary;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Learning;
using Microsoft.ML;
using MySqlConnector;

namespace FashionFunctions.Core.Training;

/// <summary>
/// One use's images read from MariaDB into a single compact buffer (784 floats a row, no per-row objects kept), then
/// offered to ML.NET as an IDataView that rebuilds each ModelInput on the fly.
/// </summary>
public sealed class TrainingSet(float[] pixels, uint[] labels, int[] indexes)
{
    private const int Width = Images.GrayscalePng.PixelCount;

    public int Count => labels.Length;

    public IReadOnlyList<uint> Labels => labels;

    /// <summary>Each row's img_idx.</summary>
    public IReadOnlyList<int> Indexes => indexes;

    /// <summary>The rows whose positions are given, in that order.</summary>
    public TrainingSet Subset(IReadOnlyList<int> rows)
    {
        var subset = new float[rows.Count * Width];
        for (var i = 0; i < rows.Count; i++)
        {
            pixels.AsSpan(rows[i] * Width, Width).CopyTo(subset.AsSpan(i * Width));
        }

        return new TrainingSet(subset, [.. rows.Select(r => labels[r])], [.. rows.Select(r => indexes[r])]);
    }

    /// <summary>These rows followed by another set's.</summary>
    public TrainingSet Append(TrainingSet more) =>
        more.Count == 0 ? this : new TrainingSet(
            [.. pixels, .. Enumerable.Range(0, more.Count).SelectMany(more.Row)], [.. labels, .. more.Labels], [.. indexes, .. more.Indexes]);

    /// <summary>SHA-256 over every row's img_idx, label and pixel values, in order: names exactly the data a model saw.</summary>
    public string Sha256()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        for (var i = 0; i < labels.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header, indexes[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], labels[i]);
            hash.AppendData(header);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan(i * Width, Width)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public IDataView ToDataView(MLContext ml) => ml.Data.LoadFromEnumerable(Rows());

    public float[] Row(int index) => pixels.AsSpan(index * Width, Width).ToArray();

    private IEnumerable<ModelInput> Rows()
    {
        for (var i = 0; i < labels.Length; i++)
        {
            yield return new ModelInput { Pixels = pixels.AsSpan(i * Width, Width).ToArray(), Label = labels[i] };
        }
    }

    private const string CountSql = "SELECT COUNT(*) FROM tf_images WHERE img_use = @use";

    // Ordered by idx so a limit takes the same rows every time (deterministic training).
    private const string RowsSql = """
        SELECT img_idx, img_label, img_vector FROM tf_images
        WHERE img_use = @use
        ORDER BY img_idx
        LIMIT @limit
        """;

    // A read, so a transient failure (a connection not had in time on a busy server) is simply tried again.
    public static async Task<TrainingSet> ReadAsync(MySqlDataSource db, ImageUse use, int? limit, CancellationToken ct) =>
        await new MariaDb(db).ReadAsync((connection, token) => ReadAsync(connection, use, limit, token), ct);

    private static async Task<TrainingSet> ReadAsync(MySqlConnection connection, ImageUse use, int? limit, CancellationToken ct)
    {
        await using var count = new MySqlCommand(CountSql, connection);
        count.Parameters.AddWithValue("@use", (byte)use);
        var rows = (int)Math.Min(Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture), limit ?? int.MaxValue);

        var pixels = new float[rows * Width];
        var labels = new uint[rows];
        var indexes = new int[rows];
        await using var command = new MySqlCommand(RowsSql, connection);
        command.Parameters.AddWithValue("@use", (byte)use);
        command.Parameters.AddWithValue("@limit", rows);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        var vector = new byte[Images.PixelVector.ByteLength];
        var i = 0;
        while (i < rows && await reader.ReadAsync(ct))
        {
            indexes[i] = (int)reader.GetUInt32(0);
            labels[i] = (uint)reader.GetSByte(1);
            if (reader.GetBytes(2, 0, vector, 0, vector.Length) != vector.Length)
            {
                throw new InvalidDataException($"{use} image at row {i} has a malformed img_vector.");
            }

            for (var p = 0; p < Width; p++)
            {
                pixels[(i * Width) + p] = BinaryPrimitives.ReadSingleLittleEndian(vector.AsSpan(p * sizeof(float)));
            }

            i++;
        }

        return i == rows ? new TrainingSet(pixels, labels, indexes) : throw new InvalidOperationException($"{use} images changed while being read.");
    }
}
