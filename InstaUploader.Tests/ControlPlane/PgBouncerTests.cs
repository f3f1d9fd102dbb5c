using System.Diagnostics;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Queue;
using InstaUploader.Web.Features.Ui;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// The connection budget (README "Connection budget"): the request path works through PgBouncer in transaction mode
/// (Debian's 1.18, which cannot follow prepared statements) — the Web's own claim and completion code, each
/// transaction on whichever of two server connections PgBouncer hands out — while LISTEN runs on the direct string.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class PgBouncerTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Claims_and_completions_go_through_a_transaction_pooler_and_listen_uses_the_direct_string()
    {
        var direct = new NpgsqlConnectionStringBuilder(await fx.ConnectionStringAsync());
        using var bouncer = await PgBouncer.StartAsync(direct);
        var pooled = new NpgsqlConnectionStringBuilder(direct.ConnectionString)
        {
            Host = "127.0.0.1", Port = bouncer.Port, NoResetOnClose = true, MaxPoolSize = 6,
        }.ConnectionString;

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseConnections.Pooled}"] = pooled,
            [$"ConnectionStrings:{DatabaseConnections.Direct}"] = direct.ConnectionString,
        }).Build();
        using var feed = new ChangeFeed(config, NullLogger<ChangeFeed>.Instance, TimeProvider.System);
        var changed = new List<int>();
        feed.TaskChanged += id => { lock (changed) { changed.Add(id); } };
        await feed.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => feed.Listening, "the change feed listens", 20);

        var taskId = await SeedQueuedTaskAsync(direct.ConnectionString, items: 6);
        var owner = "pgbouncer-" + Guid.NewGuid().ToString("n")[..8];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 3), async (_, ct) =>
        {
            await using var db = new AppDbContext(
                new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(DatabaseConnections.PooledString(config)).UseSnakeCaseNamingConvention().Options,
                new EphemeralDataProtectionProvider());
            var items = new WorkItems(db, Options.Create(new QueueOptions()), TimeProvider.System, new QueueMeters(), NullLogger<WorkItems>.Instance);
            while (await items.ClaimManyAsync(owner, 1, null, taskId, null, ct) is [var claimed, ..])
            {
                var result = await items.CompleteAsync(claimed.Item.Id, owner,
                    new CompleteCommand("done", null, null, "through pgbouncer", Retryable: false, RetryAfter: null, FinishedAt: null), ct);
                Assert.True(result.Owned);
                Interlocked.Increment(ref done);
            }
        });

        Assert.Equal(6, done);
        await using (var check = new NpgsqlConnection(direct.ConnectionString))
        {
            await check.OpenAsync();
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM task_items WHERE task_id = {taskId} AND status = 'done'", check);
            Assert.Equal(6L, await count.ExecuteScalarAsync());
        }

        await Eventually.TrueAsync(() => Snapshot(changed).Contains(taskId), "the task's change notified over the direct LISTEN", 20);
        Assert.True(bouncer.ServedTransactions(), "the claims did not go through PgBouncer");
        await feed.StopAsync(CancellationToken.None);
    }

    private static List<int> Snapshot(List<int> changed)
    {
        lock (changed)
        {
            return [.. changed];
        }
    }

    private static async Task<int> SeedQueuedTaskAsync(string connectionString, int items)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var cmd = data.CreateCommand("""
            WITH t AS (INSERT INTO tasks (kind, name, status, log, options, created_at, started_at)
                       VALUES ('bulk_login', 'pgbouncer', 'running', '', '{}', now(), now()) RETURNING id),
                 i AS (INSERT INTO task_items (task_id, kind, position, status, priority, attempts, max_attempts, run_after, log,
                                               success, failed, likes, follows, viewed, created_at, updated_at)
                       SELECT t.id, 'bulk_login', g, 'queued', 0, 0, 3, now(), '', 0, 0, 0, 0, 0, now(), now()
                       FROM t, generate_series(1, @n) g)
            SELECT id FROM t
            """);
        cmd.Parameters.AddWithValue("n", items);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Debian's pgbouncer in transaction mode with two server connections, run as the postgres user (it refuses root).</summary>
    private sealed class PgBouncer : IDisposable
    {
        private readonly Process _process;
        private readonly string _dir;
        private readonly System.Text.StringBuilder _log = new();

        private PgBouncer(Process process, string dir, int port)
        {
            _process = process;
            _dir = dir;
            Port = port;
            process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public int Port { get; }

        public static async Task<PgBouncer> StartAsync(NpgsqlConnectionStringBuilder target)
        {
            var binary = new[] { "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("pgbouncer is not installed (scripts/prerequisites.sh installs it)");
            var dir = Directory.CreateTempSubdirectory("pgbouncer-").FullName;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
            }

            var port = Tinyproxy.FreePort();
            var ini = Path.Combine(dir, "pgbouncer.ini");
            await File.WriteAllTextAsync(ini, $"""
                [databases]
                {target.Database} = host={target.Host} port={target.Port} dbname={target.Database} user={target.Username}{(string.IsNullOrEmpty(target.Password) ? "" : " password='" + target.Password.Replace("'", "''", StringComparison.Ordinal) + "'")}
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = {port}
                unix_socket_dir =
                auth_type = any
                pool_mode = transaction
                default_pool_size = 2
                max_client_conn = 100
                ignore_startup_parameters = extra_float_digits,options
                verbose = 2
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(ini, (UnixFileMode)0x1B6);
            }

            var psi = new ProcessStartInfo("setpriv") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--pdeathsig=SIGTERM", "--", binary, ini })
            {
                psi.ArgumentList.Add(arg);
            }

            var bouncer = new PgBouncer(Process.Start(psi)!, dir, port);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port);
                    return bouncer;
                }
                catch (System.Net.Sockets.SocketException) when (attempt < 200 && !bouncer._process.HasExited)
                {
                    await Task.Delay(100);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    lock (bouncer._log)
                    {
                        throw new InvalidOperationException("pgbouncer did not start:\n" + bouncer._log);
                    }
                }
            }
        }

        /// <summary>Its verbose log shows clients' logins through it.</summary>
        public bool ServedTransactions()
        {
            lock (_log)
            {
                return _log.ToString().Contains("login attempt", StringComparison.Ordinal);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }

            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
