using System.ComponentModel.DataAnnotations;

namespace FashionFunctions.Core;

/// <summary>App settings under "Fashion" (env Fashion__Name); every one has a working default.</summary>
public sealed class FashionOptions
{
    public const string Section = "Fashion";

    /// <summary>Where `import` downloads the four IDX files when no folder is named: Zalando's published location.</summary>
    [Required]
    public string DatasetUrl { get; set; } = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /// <summary>Seconds before a MariaDB command is cancelled.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds to wait for a MariaDB connection, unless the connection string sets its own.</summary>
    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Most sessions the pool of repeatable reads (the catalogue, the registry, reports) opens per instance.</summary>
    [Range(1, 1000)]
    public int ReadPoolSize { get; set; } = Data.MariaDb.DefaultReadPoolSize;
}
