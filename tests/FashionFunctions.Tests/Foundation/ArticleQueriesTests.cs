using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Images;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Foundation;

/// <summary>The article's own SQL, verbatim, against an imported database.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class ArticleQueriesTests(ImportedDatabaseFixture fixture)
{
    private TestDatabase Db => fixture.Database;

    [Fact]
    public async Task The_role_table_holds_training_testing_and_feedback()
    {
        var rows = await Db.QueryAsync<(sbyte UseId, string UseName, string UseDesc)>("SELECT * FROM img_use");

        Assert.Equal(
            [(1, "Training", "The image is used for training the model"), (2, "Testing", "The image is used for testing the model"),
             (3, "Feedback", "Labelled by a user after a prediction")],
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
    public async Task Every_stored_png_is_an_8_bit_grayscale_28x28_image_of_its_own_vector()
    {
        // The PNG signature, then the IHDR chunk: width 28, height 28, bit depth 8, colour type 0 (grayscale).
        var headers = await Db.QueryAsync<(string Header, long Images)>("""
            SELECT HEX(SUBSTRING(img_blob, 1, 26)) AS Header, COUNT(*) AS Images FROM tf_images GROUP BY Header
            """);
        var mismatched = 0;
        await using (var connection = await Db.DataSource.OpenConnectionAsync())
        await using (var command = new MySqlConnector.MySqlCommand("SELECT img_blob, img_vector FROM tf_images", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var vector = PixelVector.ToFloats((byte[])reader[1]);
                mismatched += GrayscalePng.Decode((byte[])reader[0]).Select(p => p / 255f).SequenceEqual(vector) ? 0 : 1;
            }
        }

        var header = Assert.Single(headers);
        Assert.Equal("89504E470D0A1A0A0000000D494844520000001C0000001C0800", header.Header);
        Assert.Equal(70_000, header.Images);
        Assert.Equal(0, mismatched);
    }

    private static byte[] ReadIdxImages(string name)
    {
        using var file = File.OpenRead(Path.Combine(TestEnvironment.DatasetFolder, name));
        return IdxFile.ReadImages(file, name);
    }
}
