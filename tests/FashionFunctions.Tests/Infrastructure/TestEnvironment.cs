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

    /// <summary>The run's own host id: timer locks and schedule status of one run never meet another run's.</summary>
    public static string HostId => $"fftest-{RunId}";

    /// <summary>The checkout the tests were built in (the folder holding FashionFunctions.sln).</summary>
    public static string RepositoryRoot { get; } = FindUp(dir => File.Exists(Path.Combine(dir, "FashionFunctions.sln")))
        ?? throw new InvalidOperationException("FashionFunctions.sln not found above the test binaries.");

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindDataset()
    {
        var configured = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var beside = FindUp(dir => File.Exists(Path.Combine(dir, "shared", "fashion-mnist", "t10k-labels-idx1-ubyte.gz")));
        return beside is not null
            ? Path.Combine(beside, "shared", "fashion-mnist")
            : throw new InvalidOperationException("Fashion-MNIST not found: set FASHION_MNIST_DIR or put it in ../shared/fashion-mnist.");
    }

    private static string? FindUp(Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (found(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
