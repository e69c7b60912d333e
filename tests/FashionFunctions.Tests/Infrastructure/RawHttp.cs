using System.Net.Sockets;
using System.Text;

namespace FashionFunctions.Tests.Infrastructure;

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// An HTTP/1.1 upload over a plain socket that keeps reading while it writes, so an answer the server gives before the
/// body is complete (a 413 that cuts an upload off) is seen, where HttpClient only reports the broken pipe.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> PostChunkedAsync(Uri server, string path, string contentType, Stream body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var upload = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{read:x}\r\n"));
                    await stream.WriteAsync(buffer.AsMemory(0, read));
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (IOException)
            {
                // The server stopped reading: what it answered is what counts.
            }
        });

        var response = await ReadResponseAsync(stream);
        await upload;
        return response;
    }

    private static async Task<RawResponse> ReadResponseAsync(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.UTF8);
        var status = int.Parse((await reader.ReadLineAsync())!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new StringBuilder();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            for (var size = Convert.ToInt32((await reader.ReadLineAsync())!.Trim(), 16); size > 0; size = Convert.ToInt32((await reader.ReadLineAsync())!.Trim(), 16))
            {
                var chunk = new char[size];
                await reader.ReadBlockAsync(chunk, 0, size);
                body.Append(chunk);
                await reader.ReadLineAsync();
            }
        }
        else
        {
            body.Append(await reader.ReadToEndAsync());
        }

        return new RawResponse(status, headers, body.ToString());
    }
}
