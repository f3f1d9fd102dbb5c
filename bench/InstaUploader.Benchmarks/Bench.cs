using System.Net.Http.Headers;
using Npgsql;

/// <summary>What every measurement needs: the Web's address and tokens, the database, and seeding helpers.</summary>
internal sealed class Bench(Uri web, string workerToken, string operatorToken, NpgsqlDataSource data)
{
    public Uri Web { get; } = web;
    public string WorkerToken { get; } = workerToken;
    public NpgsqlDataSource Data { get; } = data;

    public HttpClient WorkerClient(string workerId)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Web };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkerToken);
        http.DefaultRequestHeaders.Add("X-Worker-Id", workerId);
        return http;
    }

    public HttpClient OperatorClient()
    {
        var http = new HttpClient { BaseAddress = Web };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        return http;
    }

    /// <summary>A running bulk_login task with <paramref name="count"/> queued items without accounts: the queue's own cost.</summary>
    public Task<int> SeedQueuedItemsAsync(int count) => SeedAsync(count, "running", "queued");

    /// <summary>A pending task with pending items, for the operator's start call to queue.</summary>
    public Task<int> SeedPendingItemsAsync(int count) => SeedAsync(count, "pending", "pending");

    private async Task<int> SeedAsync(int count, string taskStatus, string itemStatus)
    {
        await using var cmd = Data.CreateCommand("""
            WITH t AS (INSERT INTO tasks (kind, name, status, log, options, created_at, started_at)
                       VALUES ('bulk_login', 'bench', @task_status, '', '{}', now(), now()) RETURNING id)
            INSERT INTO task_items (task_id, kind, position, status, priority, attempts, max_attempts, run_after,
                                    success, failed, likes, follows, viewed, created_at, updated_at)
            SELECT t.id, 'bulk_login', g, @item_status, 0, 0, 3, now(), 0, 0, 0, 0, 0, now(), now()
            FROM t, generate_series(1, @n) g
            RETURNING task_id
            """);
        cmd.Parameters.AddWithValue("n", count);
        cmd.Parameters.AddWithValue("task_status", taskStatus);
        cmd.Parameters.AddWithValue("item_status", itemStatus);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var cmd = Data.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
