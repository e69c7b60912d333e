using FashionFunctions.Dataset;
using FashionFunctions.Images;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Foundation;

/// <summary>The article's own SQL, verbatim, against an imported database.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class ArticleQueriesTests(ImportedDatabaseFixture fixture)
{
    private TestDatabase Db => fixture.Database;

    [Fact]
    public async Task The_role_table_holds_training_and_testing()
    {
        var rows = await Db.QueryAsync<(sbyte UseId, string UseName, string UseDesc)>("SELECT * FROM img_use");

        Assert.Equal(
            [(1, "Training", "The image is used for training the model"), (2, "Testing", "The image is used for testing the model")],
            rows.Select(r => ((int)r.UseId, r.UseName, r.UseDesc)));
    }

    [Fact]
    public async Task The_category_list_is_the_ten_classes_in_order()
    {
        var rows = await Db.QueryAsync<(sbyte ClassIdx, string ClassName)>("SELECT * FROM categories");

        Assert.Equal(Enumerable.Range(0, 10), rows.Select(r => (int)r.ClassIdx));
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            rows.Select(r => r.ClassName));
    }

    [Fact]
    public async Task The_join_with_limit_5_gives_class_use_vector_and_png()
    {
        var rows = await Db.QueryAsync<(string ClassName, string UseName, byte[] ImgVector, byte[] ImgBlob)>("""
            SELECT class_name, use_name, img_vector, img_blob
            FROM tf_images a
            INNER JOIN categories b ON a.img_label = b.class_idx
            INNER JOIN img_use c ON a.img_use = c.use_id
            LIMIT 5
            """);

        Assert.Equal(5, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Contains(row.ClassName, FashionClasses.Names);
            Assert.Contains(row.UseName, new[] { "Training", "Testing" });
            Assert.Equal(PixelVector.ByteLength, row.ImgVector.Length);
            Assert.Equal(PixelVector.ToFloats(row.ImgVector), GrayscalePng.Decode(row.ImgBlob).Select(p => p / 255f));
        });
    }

    [Fact]
    public async Task The_distribution_is_6000_training_and_1000_testing_images_per_class()
    {
        var rows = await Db.QueryAsync<(string ClassName, string UseName, long Total)>("""
            SELECT class_name, use_name, COUNT(*) AS total
            FROM tf_images a
            INNER JOIN categories b ON a.img_label = b.class_idx
            INNER JOIN img_use c ON a.img_use = c.use_id
            GROUP BY class_name, use_name
            """);

        Assert.Equal(20, rows.Count);
        Assert.All(rows, row => Assert.Equal(row.UseName == "Training" ? 6000 : 1000, row.Total));
    }

    [Fact]
    public async Task The_png_of_the_first_test_image_decodes_to_the_idx_pixels_and_is_an_ankle_boot()
    {
        var expected = ReadIdxImages(DatasetSource.TestImages)[..GrayscalePng.PixelCount];

        var row = (await Db.QueryAsync<(sbyte Label, byte[] Png, byte[] Vector)>(
            "SELECT img_label, img_blob, img_vector FROM tf_images WHERE img_use = 2 AND img_idx = 0")).Single();

        Assert.Equal(9, row.Label);
        Assert.Equal(expected, GrayscalePng.Decode(row.Png));
        Assert.Equal(expected.Select(p => p / 255f), PixelVector.ToFloats(row.Vector));
    }

    [Fact]
    public async Task The_first_training_images_carry_the_published_labels()
    {
        var labels = await Db.QueryAsync<string>("""
            SELECT class_name FROM tf_images a JOIN categories b ON a.img_label = b.class_idx
            WHERE img_use = 1 AND img_idx < 5 ORDER BY img_idx
            """);

        Assert.Equal(["Ankle boot", "T-shirt/top", "T-shirt/top", "Dress", "T-shirt/top"], labels);
    }

    [Fact]
    public async Task Every_stored_png_is_an_8_bit_grayscale_28x28_image()
    {
        var png = await Db.ScalarAsync<byte[]>("SELECT img_blob FROM tf_images WHERE img_use = 1 AND img_idx = 12345");

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(28, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(28, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(8, png[24]);
        Assert.Equal(0, png[25]);
    }

    private static byte[] ReadIdxImages(string name)
    {
        using var file = File.OpenRead(Path.Combine(TestEnvironment.DatasetFolder, name));
        return IdxFile.ReadImages(file, name);
    }
}
