using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

public sealed class ValidationSplitTests
{
    [Fact]
    public void A_tenth_of_every_class_is_validation_the_same_every_time()
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, 6000).Select(_ => (uint)random.Next(10)).ToList();
        var indexes = Enumerable.Range(0, 6000).ToList();

        var first = ValidationSplit.Assign(indexes, labels);
        var again = Enumerable.Reverse(ValidationSplit.Assign([.. Enumerable.Reverse(indexes)], [.. Enumerable.Reverse(labels)])).ToArray();

        Assert.Equal(first, again);
        foreach (var label in Enumerable.Range(0, 10))
        {
            var rows = Enumerable.Range(0, 6000).Where(i => labels[i] == label).ToList();
            Assert.Equal(rows.Count / 10, rows.Count(i => first[i]));
        }
    }

    [Fact]
    public void The_split_key_is_crc32_of_the_salted_index()
    {
        // CRC-32 (IEEE) of "fashion-validation:1:0", as MariaDB's CRC32() computes it.
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32("fashion-validation:1:0"u8), ValidationSplit.Key(0));
        Assert.NotEqual(ValidationSplit.Key(1), ValidationSplit.Key(0));
    }
}
