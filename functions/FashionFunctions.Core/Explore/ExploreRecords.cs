namespace FashionFunctions.Core.Explore;

// Records with settable properties rather than positional ones: Dapper then converts MariaDB's TINYINT and
// INT UNSIGNED to plain ints, where a positional constructor would have to match the column types exactly.

public sealed record UseRow
{
    public required int UseId { get; init; }

    public required string UseName { get; init; }

    public required string UseDesc { get; init; }
}

public sealed record CategoryRow
{
    public required int ClassIdx { get; init; }

    public required string ClassName { get; init; }

    /// <summary>The coarse group (category_groups) the class belongs to.</summary>
    public required int GroupId { get; init; }

    public required string GroupName { get; init; }
}

public sealed record ImageRow
{
    public required string ClassName { get; init; }

    public required int Label { get; init; }

    public required string UseName { get; init; }

    public required int UseId { get; init; }

    public required long Idx { get; init; }
}

public sealed record ImagePage(long Total, int Limit, int Offset, IReadOnlyList<ImageRow> Items);

public sealed record DistributionRow
{
    public required int ClassIdx { get; init; }

    public required string ClassName { get; init; }

    public required long Training { get; init; }

    public required long Testing { get; init; }
}

/// <summary>A page request for GET /api/images; limits are the API's contract.</summary>
public sealed record ImageFilter(ImageUse? Use, int? Label, int Limit, int Offset)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 500;

    /// <summary>Deeper than any Fashion-MNIST listing goes; anything past it is a client error, not a table scan.</summary>
    public const int MaxOffset = 100_000;
}
