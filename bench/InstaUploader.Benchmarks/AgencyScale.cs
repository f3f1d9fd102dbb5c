using System.Diagnostics;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Dashboard;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Proxies;
using InstaUploader.Web.Features.Tasks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Agency scale: the database of a big agency (accounts, tasks, finished items with a log line each) seeded with
/// generate_series, then the server-side time of the operator pages' data loads, each through the query service the
/// page itself reads through (a fresh DI scope and DbContext per load, as the page's operation gets).
/// </summary>
internal static class AgencyScale
{
    public sealed record PageTime(string Page, double P50Ms, double MaxMs);

    /// <summary>
    /// Clears the earlier stages' synthetic tasks (they finished some 400,000 no-op items within the hour, ten times
    /// what the agency's own hour holds, and the dashboard charts the last hour) and settles the database, so the
    /// empty database is measured in the state the seeded one will be measured in.
    /// </summary>
    public static async Task ClearAsync(Bench bench)
    {
        await using (var clear = bench.Data.CreateCommand("TRUNCATE tasks, task_items, item_logs CASCADE"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await SettleAsync(bench);
    }

    /// <summary>Seeds the data; returns the id of the task with <paramref name="bigTaskItems"/> items.</summary>
    public static async Task<int> SeedAsync(Bench bench, int accounts, int tasks, int items, int bigTaskItems)
    {
        var otherTasks = tasks - 1;
        await using var seed = bench.Data.CreateCommand($$"""
            INSERT INTO accounts (username, password, status, cookies_count, tags, created_at, updated_at)
            SELECT 'agency_' || g, 'seeded', (ARRAY['active','active','active','active','login_required','challenge','banned','disabled'])[1 + g % 8],
                   0, ARRAY['team' || (g % 20)], now() - interval '90 days', now()
            FROM generate_series(1, {{accounts}}) g;

            CREATE TEMP TABLE seeded_accounts AS
                SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM accounts WHERE username LIKE 'agency\_%';

            INSERT INTO tasks (kind, name, status, log, options, created_at, started_at, finished_at)
            SELECT 'bulk_upload', 'agency task ' || g, 'completed', '', '{}', now() - (g || ' minutes')::interval,
                   now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '20 minutes'
            FROM generate_series(1, {{tasks}}) g;

            CREATE TEMP TABLE seeded_tasks AS
                SELECT id, row_number() OVER (ORDER BY id DESC) - 1 AS n FROM tasks WHERE name LIKE 'agency task %';

            -- The newest task has bigTaskItems items; the others share the rest.
            INSERT INTO task_items (task_id, kind, position, account_id, status, priority, attempts, max_attempts, run_after,
                                    success, failed, likes, follows, viewed, created_at, started_at, finished_at, updated_at)
            SELECT t.id, 'bulk_upload', s.position, a.id, CASE WHEN s.g % 20 = 0 THEN 'failed' ELSE 'done' END, 0, 1, 3, now(),
                   CASE WHEN s.g % 20 = 0 THEN 0 ELSE 2 END, CASE WHEN s.g % 20 = 0 THEN 2 ELSE 0 END,
                   0, 0, 0, now() - interval '1 day', now() - (s.g % 100000 || ' seconds')::interval,
                   now() - (s.g % 100000 || ' seconds')::interval, now()
            FROM (SELECT g,
                         CASE WHEN g <= {{bigTaskItems}} THEN 0 ELSE 1 + (g - {{bigTaskItems}}) % {{otherTasks}} END AS task_n,
                         CASE WHEN g <= {{bigTaskItems}} THEN g - 1 ELSE (g - {{bigTaskItems}}) / {{otherTasks}} END AS position
                  FROM generate_series(1, {{items}}) g) s
            JOIN seeded_tasks t ON t.n = s.task_n
            JOIN seeded_accounts a ON a.n = s.g % {{accounts}};

            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT i.id, i.task_id, 'posted 2 reels', i.finished_at
            FROM task_items i JOIN seeded_tasks t ON t.id = i.task_id;

            SELECT id FROM seeded_tasks WHERE n = 0;
            """);
        seed.CommandTimeout = 0;
        var bigTask = (int)(await seed.ExecuteScalarAsync())!;
        await SettleAsync(bench);
        return bigTask;
    }

    // An agency's database is in a steady state: vacuumed, analysed, and its dirty pages written out, which the
    // checkpointer would otherwise do while the claims are measured.
    private static async Task SettleAsync(Bench bench)
    {
        foreach (var sql in new[] { "VACUUM ANALYZE", "CHECKPOINT" })
        {
            await using var settle = bench.Data.CreateCommand(sql);
            settle.CommandTimeout = 0;
            await settle.ExecuteNonQueryAsync();
        }
    }

    public static async Task<List<PageTime>> MeasurePagesAsync(string connectionString, int bigTaskId, int runs)
    {
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDataProtection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(System.Threading.Channels.Channel.CreateUnbounded<DispatchRequest>());
        services.AddScoped<ProxyService>();
        services.AddScoped<AccountService>();
        services.AddScoped<ThroughputQuery>();
        services.AddScoped<DashboardQueries>();
        services.AddScoped<TaskQueries>();
        services.AddScoped<AccountQueries>();
        await using var provider = services.BuildServiceProvider();

        var pages = new (string Name, Func<IServiceProvider, Task> Load)[]
        {
            ("dashboard", sp => sp.GetRequiredService<DashboardQueries>().LoadAsync(default)),
            ("task list", sp => sp.GetRequiredService<TaskQueries>().ListAsync(null, null, 1, 25, default)),
            ("task with 10,000 items", async sp =>
            {
                var queries = sp.GetRequiredService<TaskQueries>();
                _ = await queries.DetailAsync(bigTaskId, null, default) ?? throw new InvalidOperationException($"No task {bigTaskId}.");
                await queries.VideosAsync(bigTaskId, default);
            }),
            ("account list", async sp =>
            {
                var queries = sp.GetRequiredService<AccountQueries>();
                await queries.TagsAsync(default);
                var page = await queries.ListAsync(new AccountFilter(null, null, null), 1, default);
                if (!page.Succeeded)
                {
                    throw new InvalidOperationException(page.Detail);
                }
            }),
        };

        var times = new List<PageTime>();
        foreach (var (name, load) in pages)
        {
            var ms = new List<double>();
            for (var run = 0; run < runs + 1; run++)
            {
                await using var scope = provider.CreateAsyncScope();
                var started = Stopwatch.GetTimestamp();
                await load(scope.ServiceProvider);
                if (run > 0)
                {
                    // The first load warms EF's compiled query cache and the connection pool.
                    ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            times.Add(new PageTime(name, Bench.Percentile(ms, 50), ms.Max()));
        }

        return times;
    }
}
