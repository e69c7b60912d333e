namespace FashionFunctions.Core.Dataset;

/// <summary>Where the four official .gz files come from: a local folder or an http(s) base URL.</summary>
public sealed class DatasetSource
{
    public const string TrainImages = "train-images-idx3-ubyte.gz";
    public const string TrainLabels = "train-labels-idx1-ubyte.gz";
    public const string TestImages = "t10k-images-idx3-ubyte.gz";
    public const string TestLabels = "t10k-labels-idx1-ubyte.gz";

    private readonly Uri? baseUrl;
    private readonly string? folder;

    private DatasetSource(Uri? baseUrl, string? folder) => (this.baseUrl, this.folder) = (baseUrl, folder);

    public string Description => baseUrl?.ToString() ?? folder!;

    public static DatasetSource Parse(string location)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            // A base URL without a trailing slash would make relative file names replace its last segment.
            return new DatasetSource(new Uri(uri.AbsoluteUri.TrimEnd('/') + "/"), null);
        }

        var full = Path.GetFullPath(location);
        return Directory.Exists(full)
            ? new DatasetSource(null, full)
            : throw new DatasetFormatException($"Dataset folder '{full}' does not exist.");
    }

    /// <summary>Opens one file, buffered in memory so validation never reads a half-downloaded stream.</summary>
    public async Task<Stream> OpenAsync(string fileName, HttpClient http, CancellationToken ct)
    {
        if (folder is not null)
        {
            var path = Path.Combine(folder, fileName);
            return File.Exists(path)
                ? new MemoryStream(await File.ReadAllBytesAsync(path, ct))
                : throw new DatasetFormatException($"{fileName}: not found in {folder}.");
        }

        var url = new Uri(baseUrl!, fileName);
        using var response = await http.GetAsync(url, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new DatasetFormatException($"{fileName}: download from {url} failed with HTTP {(int)response.StatusCode}.");
        }

        return new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct));
    }
}
