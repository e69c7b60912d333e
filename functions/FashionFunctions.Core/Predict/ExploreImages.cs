using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Images;

namespace FashionFunctions.Core.Predict;

public sealed record StoredPixels(byte[] Pixels, int Label);

/// <summary>Stored images as pixels, for predicting them.</summary>
public sealed class ExploreImages(MariaDb db)
{
    private const string PixelsSql = "SELECT img_blob AS Png, img_label AS Label FROM tf_images WHERE img_use = @use AND img_idx = @idx";

    public async Task<StoredPixels?> PixelsAsync(ImageKey key, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<(byte[] Png, sbyte Label)?>(
            new CommandDefinition(PixelsSql, new { use = (byte)key.Use, idx = key.Idx }, cancellationToken: t)), ct);
        return row is { } found ? new StoredPixels(GrayscalePng.Decode(found.Png), found.Label) : null;
    }
}
