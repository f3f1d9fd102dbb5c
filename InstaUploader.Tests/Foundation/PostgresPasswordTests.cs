using System.Diagnostics;
using System.Globalization;
using InstaUploader.AppHost.Postgres;
using InstaUploader.Tests.Runners;
using Npgsql;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// A cluster outlives the clone that held its password (root-owned clusters live under /var/lib/instauploader): the
/// password file of the next clone at the same path is the one the server must take, or nothing can connect.
/// </summary>
public sealed class PostgresPasswordTests
{
    [Fact]
    public Task An_existing_cluster_takes_the_password_file_it_is_started_with() =>
        // One dedicated thread for the whole test: the server binaries run with a parent-death signal, which the
        // kernel sends when the thread that started them ends, and pool threads come and go.
        Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Run()
    {
        var root = Path.Combine(Path.GetTempPath(), "iu-pw-" + Guid.NewGuid().ToString("n")[..8]);
        var data = Path.Combine(root, "pgdata");
        Directory.CreateDirectory(root);
        var cluster = PostgresCluster.Create(data, ephemeral: true);
        Process? server = null;
        try
        {
            cluster.InitializeAsync("first-clone-password", _ => { }, CancellationToken.None).GetAwaiter().GetResult();
            cluster.InitializeAsync("second-clone-password", _ => { }, CancellationToken.None).GetAwaiter().GetResult();

            var port = Tinyproxy.FreePort();
            var (command, args) = cluster.CommandFor("postgres",
                ["-D", cluster.DataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]);
            server = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            server.BeginErrorReadLine();
            server.BeginOutputReadLine();

            string Connection(string password) => $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Pooling=false;Timeout=3";
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!CanConnect(Connection("second-clone-password")))
            {
                Assert.True(DateTime.UtcNow < deadline, "The server never took the second clone's password.");
                Thread.Sleep(200);
            }

            var refused = Assert.Throws<PostgresException>(() =>
            {
                using var old = new NpgsqlConnection(Connection("first-clone-password"));
                old.Open();
            });
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }
        finally
        {
            if (server is { HasExited: false })
            {
                using var stop = Process.Start("kill", ["-INT", server.Id.ToString(CultureInfo.InvariantCulture)]);
                stop.WaitForExit();
                server.WaitForExit(20_000);
            }

            server?.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool CanConnect(string connectionString)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }
}
