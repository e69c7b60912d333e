namespace FashionFunctions.Http;

public static class RequestBody
{
    /// <summary>Reads a text body up to a limit without trusting Content-Length; null when it is larger.</summary>
    public static async Task<string?> ReadBodyAsync(this HttpRequest request, int maxBytes, CancellationToken ct) =>
        request.ContentLength > maxBytes || await ReadBoundedAsync(request.Body, maxBytes, ct) is not { } bytes
            ? null
            : System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>Reads at most maxBytes; null when there are more, whatever Content-Length said.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
