using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

/// <summary>
/// The SQL ceiling: pgbench running the textbook single-item queue on a bare jobs table in the same database, one
/// transaction = claim one job (FOR UPDATE SKIP LOCKED, autocommit) + complete it (a second statement), 8 clients,
/// prepared statements. Its tps is claim+complete items per second with no protocol around it.
/// </summary>
internal static partial class PgBench
{
    private const string Script = """
        WITH next AS (SELECT id FROM bench_jobs WHERE status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) UPDATE bench_jobs j SET status = 'running', locked_by = 'pgbench-' || :client_id, locked_at = now() FROM next WHERE j.id = next.id RETURNING j.id AS job \gset
        UPDATE bench_jobs SET status = 'done', locked_by = NULL, finished_at = now() WHERE id = :job;
        """;

    // The batched SQL limit (issue 29): one statement claims up to 100 jobs and hands their ids on as one array, one
    // statement completes them. With -M prepared the array travels as a parameter.
    private const string BatchScript = """
        WITH next AS (SELECT id FROM bench_jobs WHERE status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 100), claimed AS (UPDATE bench_jobs j SET status = 'running', locked_by = 'pgbench-' || :client_id, locked_at = now() FROM next WHERE j.id = next.id RETURNING j.id) SELECT array_agg(id) AS jobs FROM claimed \gset
        UPDATE bench_jobs SET status = 'done', locked_by = NULL, finished_at = now() WHERE id = ANY (:jobs::bigint[]);
        """;

    public const int BatchSize = 100;

    /// <summary>Single-item claim + complete: transactions (= items) per second.</summary>
    public static Task<double> ClaimCompleteTpsAsync(NpgsqlDataSource data, string connectionString, int clients, int transactionsPerClient) =>
        RunAsync(data, connectionString, clients, transactionsPerClient, Script, jobsPerTransaction: 1);

    /// <summary>The batched limit: 100 items claimed by one statement and completed by another; items per second.</summary>
    public static async Task<double> BatchedItemsPerSecondAsync(NpgsqlDataSource data, string connectionString, int clients, int transactionsPerClient) =>
        BatchSize * await RunAsync(data, connectionString, clients, transactionsPerClient, BatchScript, BatchSize);

    private static async Task<double> RunAsync(
        NpgsqlDataSource data, string connectionString, int clients, int transactionsPerClient, string scriptText, int jobsPerTransaction)
    {
        await using (var setup = data.CreateCommand($"""
            DROP TABLE IF EXISTS bench_jobs;
            CREATE TABLE bench_jobs (id bigserial PRIMARY KEY, status text NOT NULL, locked_by text, locked_at timestamptz, finished_at timestamptz);
            CREATE INDEX bench_jobs_queued ON bench_jobs (id) WHERE status = 'queued';
            INSERT INTO bench_jobs (status) SELECT 'queued' FROM generate_series(1, {(clients * transactionsPerClient + clients * 10) * jobsPerTransaction});
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var vacuum = data.CreateCommand("VACUUM ANALYZE bench_jobs"))
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        var script = Path.Combine(Path.GetTempPath(), $"iu-pgbench-{Guid.NewGuid():n}.sql");
        await File.WriteAllTextAsync(script, scriptText);
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo(Executable(), [
                "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                "-t", transactionsPerClient.ToString(CultureInfo.InvariantCulture), "-f", script,
                "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, cs.Database!,
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["PGPASSWORD"] = cs.Password;
            using var pgbench = Process.Start(start)!;
            var output = await pgbench.StandardOutput.ReadToEndAsync();
            var errors = await pgbench.StandardError.ReadToEndAsync();
            await pgbench.WaitForExitAsync();
            var tps = Tps().Match(output);
            if (pgbench.ExitCode != 0 || !tps.Success)
            {
                throw new InvalidOperationException($"pgbench failed ({pgbench.ExitCode}): {output}\n{errors}");
            }

            return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Executable() =>
        new[] { "/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench" }.FirstOrDefault(File.Exists)
        ?? Directory.EnumerateFiles("/usr/lib/postgresql", "pgbench", SearchOption.AllDirectories).FirstOrDefault()
        ?? "pgbench";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
