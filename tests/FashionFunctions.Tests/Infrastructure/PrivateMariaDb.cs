using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using MySqlConnector;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// A real MariaDB server owned by one test, on its own port and data folder, so the test can kill it and start it
/// again without disturbing the shared server other tests use.
/// </summary>
public sealed class PrivateMariaDb : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fashion-mariadb-").FullName;
    private Process? server;

    private PrivateMariaDb(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Server=127.0.0.1;Port={Port};Database={database};User ID=mdb;Password=letmein;Connection Timeout=3";

    public static async Task<PrivateMariaDb> StartAsync(string database)
    {
        var mariadb = new PrivateMariaDb(TestEnvironment.FreePort());
        await Run("mariadb-install-db", "--no-defaults", $"--datadir={mariadb.folder}/data", $"--user={Environment.UserName}",
            "--auth-root-authentication-method=socket", "--skip-test-db");
        await mariadb.StartServerAsync();
        await Run("mariadb", "--protocol=socket", $"--socket={mariadb.folder}/mariadb.sock", "-uroot", "-e",
            $"CREATE DATABASE `{database}`; CREATE USER 'mdb'@'%' IDENTIFIED BY 'letmein'; GRANT ALL ON `{database}`.* TO 'mdb'@'%';");
        return mariadb;
    }

    /// <summary>Kills the server as a crash would: no clean shutdown.</summary>
    public async Task KillAsync()
    {
        server!.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        server.Dispose();
        server = null;
    }

    public Task RestartAsync() => StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await KillAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    private async Task StartServerAsync()
    {
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/mariadbd") ? "/usr/sbin/mariadbd" : "mariadbd");
        foreach (var arg in new[]
        {
            "--no-defaults", $"--datadir={folder}/data", $"--socket={folder}/mariadb.sock", $"--port={Port}",
            "--bind-address=127.0.0.1", "--skip-name-resolve", $"--user={Environment.UserName}",
            "--innodb-buffer-pool-size=256M", $"--log-error={folder}/error.log", $"--pid-file={folder}/mariadb.pid",
        })
        {
            start.ArgumentList.Add(arg);
        }

        server = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = new MySqlConnection($"Server=127.0.0.1;Port={Port};User ID=nobody;Password=x;Connection Timeout=1;Pooling=false");
                await connection.OpenAsync();
            }
            catch (MySqlException e) when (e.ErrorCode != MySqlErrorCode.UnableToConnectToHost)
            {
                return; // The server answers (and refuses the made-up user).
            }
            catch (MySqlException)
            {
                await Task.Delay(200);
            }
        }

        await KillAsync(); // never leave a half-started server behind
        throw new InvalidOperationException($"Private MariaDB did not start: {File.ReadAllText($"{folder}/error.log")}");
    }

    private static async Task Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {await stderr}");
        }
    }
}
