using System.Buffers.Binary;
using FashionFunctions.Learning;
using Microsoft.ML;
using MySqlConnector;

namespace FashionFunctions.Training;

/// <summary>
/// One use's images read from MariaDB into a single compact buffer (784 floats a row, no per-row objects kept), then
/// offered to ML.NET as an IDataView that rebuilds each ModelInput on the fly.
/// </summary>
public sealed class TrainingSet(float[] pixels, uint[] labels)
{
    private const int Width = Images.GrayscalePng.PixelCount;

    public int Count => labels.Length;

    public IReadOnlyList<uint> Labels => labels;

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
        SELECT img_label, img_vector FROM tf_images
        WHERE img_use = @use
        ORDER BY img_idx
        LIMIT @limit
        """;

    public static async Task<TrainingSet> ReadAsync(MySqlDataSource db, ImageUse use, int? limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var count = new MySqlCommand(CountSql, connection);
        count.Parameters.AddWithValue("@use", (byte)use);
        var rows = (int)Math.Min(Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture), limit ?? int.MaxValue);

        var pixels = new float[rows * Width];
        var labels = new uint[rows];
        await using var command = new MySqlCommand(RowsSql, connection);
        command.Parameters.AddWithValue("@use", (byte)use);
        command.Parameters.AddWithValue("@limit", rows);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        var vector = new byte[Images.PixelVector.ByteLength];
        var i = 0;
        while (i < rows && await reader.ReadAsync(ct))
        {
            labels[i] = (uint)reader.GetSByte(0);
            if (reader.GetBytes(1, 0, vector, 0, vector.Length) != vector.Length)
            {
                throw new InvalidDataException($"{use} image at row {i} has a malformed img_vector.");
            }

            for (var p = 0; p < Width; p++)
            {
                pixels[(i * Width) + p] = BinaryPrimitives.ReadSingleLittleEndian(vector.AsSpan(p * sizeof(float)));
            }

            i++;
        }

        return i == rows ? new TrainingSet(pixels, labels) : throw new InvalidOperationException($"{use} images changed while being read.");
    }
}
