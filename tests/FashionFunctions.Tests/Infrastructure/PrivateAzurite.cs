using System.Diagnostics;
using System.Net.Sockets;
using System.Net;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>A real Azurite owned by one test (the one infra/local installs), so the test can stop it.</summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string folder = Directory.CreateTempSubdirectory("fashion-azurite-").FullName;
    private readonly int blobPort = TestEnvironment.FreePort(), queuePort = TestEnvironment.FreePort(), tablePort = TestEnvironment.FreePort();
    private Process? process;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;";

    public static async Task<PrivateAzurite> StartAsync()
    {
        var azurite = new PrivateAzurite();
        var start = new ProcessStartInfo(Executable()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--location", azurite.folder,
            "--blobHost", "127.0.0.1", "--blobPort", $"{azurite.blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{azurite.queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{azurite.tablePort}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        azurite.process = Process.Start(start)!;
        azurite.process.BeginOutputReadLine();
        azurite.process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, azurite.blobPort);
                return azurite;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new InvalidOperationException("Private Azurite did not start.");
    }

    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static string Executable()
    {
        var azurite = Path.Combine(TestEnvironment.RepositoryRoot, "infra", "local", "node_modules", ".bin", "azurite");
        return File.Exists(azurite) ? azurite : throw new InvalidOperationException("Azurite is not installed: run infra/local/start.sh.");
    }
}
