namespace FashionFunctions.Tests.Infrastructure;

/// <summary>Where the real services and the dataset are; CI and infra/local/start.sh provide the defaults.</summary>
public static class TestEnvironment
{
    /// <summary>A MariaDB account that may create databases named fftest_* (start.sh grants this to mdb).</summary>
    public static string MariaDbServer =>
        Environment.GetEnvironmentVariable("FASHION_TEST_MARIADB") ?? "Server=127.0.0.1;Port=3306;User ID=mdb;Password=letmein";

    public static string Storage =>
        Environment.GetEnvironmentVariable("FASHION_TEST_STORAGE") ?? "UseDevelopmentStorage=true";

    /// <summary>The four official .gz files: FASHION_MNIST_DIR, else ../shared/fashion-mnist beside the repository.</summary>
    public static string DatasetFolder { get; } = FindDataset();

    public static string RunId { get; } = $"{DateTime.UtcNow:MMddHHmmss}{Random.Shared.Next(1000, 9999)}";

    private static string FindDataset()
    {
        var configured = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "fashion-mnist");
            if (File.Exists(Path.Combine(candidate, "t10k-labels-idx1-ubyte.gz")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Fashion-MNIST not found: set FASHION_MNIST_DIR or put it in ../shared/fashion-mnist.");
    }
}
