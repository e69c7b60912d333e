using System.IO.Hashing;
using System.Text;

namespace FashionFunctions.Core.Training;

/// <summary>
/// The fixed validation split of the Training images: within each class, the images ordered by CRC-32 of
/// "fashion-validation:1:{img_idx}" (then by img_idx), and the first tenth of them. It depends only on img_idx and the
/// label, never on a request, so every model is chosen and compared on the same 6,000 rows, and SQL names the same rows
/// with MariaDB's CRC32() (see docs/training.md). Validation rows are never trained on.
/// </summary>
public static class ValidationSplit
{
    public const int Seed = 1;
    public const int Denominator = 10;
    public const string Name = "crc32-rank-per-class:fashion-validation:1:1/10";

    public static uint Key(int imgIdx) => Crc32.HashToUInt32(Encoding.ASCII.GetBytes($"fashion-validation:{Seed}:{imgIdx}"));

    /// <summary>True for the rows that belong to validation.</summary>
    public static bool[] Assign(IReadOnlyList<int> indexes, IReadOnlyList<uint> labels)
    {
        var validation = new bool[indexes.Count];
        foreach (var rows in Enumerable.Range(0, indexes.Count).GroupBy(i => labels[i]))
        {
            var ranked = rows.OrderBy(i => Key(indexes[i])).ThenBy(i => indexes[i]).ToList();
            foreach (var row in ranked.Take(ranked.Count / Denominator))
            {
                validation[row] = true;
            }
        }

        return validation;
    }
}
