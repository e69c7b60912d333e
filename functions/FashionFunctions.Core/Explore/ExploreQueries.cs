using Dapper;
using FashionFunctions.Core.Data;

namespace FashionFunctions.Core.Explore;

/// <summary>The article's exploration queries, over the article's tables.</summary>
public sealed class ExploreQueries(MariaDb db)
{
    private const string UsesSql = """
        SELECT use_id AS UseId, use_name AS UseName, use_desc AS UseDesc
        FROM img_use
        ORDER BY use_id
        """;

    public async Task<IReadOnlyList<UseRow>> UsesAsync(CancellationToken ct) =>
        [.. await db.ReadAsync((c, t) => c.QueryAsync<UseRow>(new CommandDefinition(UsesSql, cancellationToken: t)), ct)];

    private const string CategoriesSql = """
        SELECT c.class_idx AS ClassIdx, c.class_name AS ClassName, g.group_id AS GroupId, g.group_name AS GroupName
        FROM categories c
        JOIN category_groups g ON g.group_id = c.group_id
        ORDER BY c.class_idx
        """;

    public async Task<IReadOnlyList<CategoryRow>> CategoriesAsync(CancellationToken ct) =>
        [.. await db.ReadAsync((c, t) => c.QueryAsync<CategoryRow>(new CommandDefinition(CategoriesSql, cancellationToken: t)), ct)];

    // The article's join of images, categories and uses, paged. The page's keys come first from tf_images alone, so the
    // optimizer walks the primary key (or the (img_use, img_label) index) in order and stops after the page, and only
    // the page's rows are joined: joining first made it sort every matching row on each request. The total comes from
    // image_counts (kept by triggers): counting the index on every page cost twice the page.
    private const string ImagesSql = """
        SELECT CAST(COALESCE(SUM(n), 0) AS SIGNED) FROM image_counts {0};

        SELECT b.class_name AS ClassName, a.img_label AS Label, c.use_name AS UseName, a.img_use AS UseId, a.img_idx AS Idx
        FROM (SELECT img_use, img_idx FROM tf_images {0} ORDER BY img_use, img_idx LIMIT @limit OFFSET @offset) page
        JOIN tf_images a ON a.img_use = page.img_use AND a.img_idx = page.img_idx
        JOIN categories b ON a.img_label = b.class_idx
        JOIN img_use c ON a.img_use = c.use_id
        ORDER BY a.img_use, a.img_idx;
        """;

    public async Task<ImagePage> ImagesAsync(ImageFilter filter, CancellationToken ct)
    {
        var args = new { use = (byte?)filter.Use, label = filter.Label, limit = filter.Limit, offset = filter.Offset };
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, ImagesSql, Where(filter));
        return await db.ReadAsync(async (connection, token) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: token));
            var total = await results.ReadSingleAsync<long>();
            var items = (await results.ReadAsync<ImageRow>()).ToList();
            return new ImagePage(total, filter.Limit, filter.Offset, items);
        }, ct);
    }

    // Only the filters given, as plain equalities: "(@use IS NULL OR img_use = @use)" hides the indexes from the optimizer.
    private static string Where(ImageFilter filter) => (filter.Use, filter.Label) switch
    {
        (null, null) => "",
        (not null, null) => "WHERE img_use = @use",
        (null, not null) => "WHERE img_label = @label",
        _ => "WHERE img_use = @use AND img_label = @label",
    };

    private const string ImageSql = """
        SELECT b.class_name AS ClassName, a.img_label AS Label, c.use_name AS UseName, a.img_use AS UseId, a.img_idx AS Idx
        FROM tf_images a
        JOIN categories b ON a.img_label = b.class_idx
        JOIN img_use c ON a.img_use = c.use_id
        WHERE a.img_use = @use AND a.img_idx = @idx
        """;

    public async Task<ImageRow?> ImageAsync(ImageKey key, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<ImageRow>(
            new CommandDefinition(ImageSql, new { use = (byte)key.Use, idx = key.Idx }, cancellationToken: t)), ct);

    private const string PngSql = "SELECT img_blob FROM tf_images WHERE img_use = @use AND img_idx = @idx";

    public async Task<byte[]?> PngAsync(ImageKey key, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.ExecuteScalarAsync<byte[]?>(
            new CommandDefinition(PngSql, new { use = (byte)key.Use, idx = key.Idx }, cancellationToken: t)), ct);

    private const string VectorSql = "SELECT img_vector FROM tf_images WHERE img_use = @use AND img_idx = @idx";

    public async Task<float[]?> VectorAsync(ImageKey key, CancellationToken ct)
    {
        var bytes = await db.ReadAsync((c, t) => c.ExecuteScalarAsync<byte[]?>(
            new CommandDefinition(VectorSql, new { use = (byte)key.Use, idx = key.Idx }, cancellationToken: t)), ct);
        return bytes is null ? null : Images.PixelVector.ToFloats(bytes);
    }

    // The article's GROUP BY, pivoted to one row per class; LEFT JOIN keeps classes that have no images yet.
    private const string DistributionSql = """
        SELECT b.class_idx AS ClassIdx, b.class_name AS ClassName,
               COUNT(CASE WHEN a.img_use = 1 THEN 1 END) AS Training,
               COUNT(CASE WHEN a.img_use = 2 THEN 1 END) AS Testing
        FROM categories b
        LEFT JOIN tf_images a ON a.img_label = b.class_idx
        GROUP BY b.class_idx, b.class_name
        ORDER BY b.class_idx
        """;

    public async Task<IReadOnlyList<DistributionRow>> DistributionAsync(CancellationToken ct) =>
        [.. await db.ReadAsync((c, t) => c.QueryAsync<DistributionRow>(new CommandDefinition(DistributionSql, cancellationToken: t)), ct)];
}
