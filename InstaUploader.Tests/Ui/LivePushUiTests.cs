using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// Task detail, task list and dashboard follow a worker's writes within a second, pushed over the circuit from
/// PostgreSQL's LISTEN/NOTIFY (pages no longer poll every 1.5 s); the feed survives its connection being killed.
/// The test writes in SQL, as any worker route or Web replica would, on a task no worker runs (never started).
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class LivePushUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToHaveTextOptions WithinOneSecond = new() { Timeout = 1000 };

    [Fact]
    public async Task Pages_show_a_workers_write_within_a_second_and_after_the_feed_reconnects()
    {
        using var op = fx.OperatorClient();
        var account = await op.CreateAccountAsync(OperatorApi.Unique("push"));
        var task = await op.CreateTaskAsync(new { kind = "bulk_login", name = OperatorApi.Unique("ui_push"), account_ids = new[] { account }, start = false, max_attempts = 9 });
        var taskId = task.GetProperty("id").GetInt32();
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"tasks/{taskId}");
        var attempts = ui.Page.GetByTestId("item-row").First.Locator("td").Nth(3);
        await Expect(attempts).ToHaveTextAsync("0 / 9");

        // Several writes in a row, each on screen within a second: a 1.5 s poll would miss most of them.
        for (var n = 1; n <= 4; n++)
        {
            await ExecAsync(db, "UPDATE task_items SET attempts = @n, updated_at = now() WHERE task_id = @t", taskId, n);
            await Expect(attempts).ToHaveTextAsync($"{n} / 9", WithinOneSecond);
        }

        await ui.ScreenshotAsync("Task_detail_live_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Task_detail_live_390");
        await ui.Page.SetViewportSizeAsync(1440, 960);

        // The database drops the feed's session: it reconnects, and pushes resume.
        Assert.True(await ScalarAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'instauploader-change-feed'", taskId) >= 1);
        await ExecAsync(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'instauploader-change-feed'", taskId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'instauploader-change-feed'", taskId) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the change feed did not reconnect");
            await Task.Delay(100);
        }

        await Task.Delay(300);
        await ExecAsync(db, "UPDATE task_items SET attempts = 7, updated_at = now() WHERE task_id = @t", taskId);
        await Expect(attempts).ToHaveTextAsync("7 / 9", WithinOneSecond);

        // The task list: the row's status follows the task.
        await ui.GotoAsync("tasks");
        var row = ui.Page.GetByTestId("tasks-table").Locator("tr", new() { Has = ui.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = task.GetProperty("name").GetString()! }) });
        await Expect(row.Locator(".badge")).ToHaveAttributeAsync("data-status", "pending");
        await ExecAsync(db, "UPDATE tasks SET status = 'running', started_at = now() WHERE id = @t", taskId);
        await Expect(row.Locator(".badge")).ToHaveAttributeAsync("data-status", "running", new() { Timeout = 1000 });
        await ExecAsync(db, "UPDATE task_items SET status = 'done', finished_at = now(), updated_at = now() WHERE task_id = @t", taskId);
        await Expect(row.Locator("td.num")).ToHaveTextAsync("1 / 1", WithinOneSecond);
        await ui.ScreenshotAsync("Task_list_live_1440");

        // The dashboard: running tasks as the database counts them.
        await ExecAsync(db, "UPDATE tasks SET status = 'pending' WHERE id = @t", taskId);
        await ui.GotoAsync("");
        var running = ui.Page.GetByTestId("stat-running-tasks").Locator(".value");
        await Expect(running).ToHaveTextAsync(new Regex(@"^\d+$"));
        await ExecAsync(db, "UPDATE tasks SET status = 'running' WHERE id = @t", taskId);
        var expected = await ScalarAsync(db, "SELECT count(*) FROM tasks WHERE status = 'running'", taskId);
        await Expect(running).ToHaveTextAsync(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), WithinOneSecond);
        await ui.ScreenshotAsync("Dashboard_live_1440");
        await ExecAsync(db, "UPDATE tasks SET status = 'completed', finished_at = now() WHERE id = @t", taskId);
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql, int taskId, int n = 0)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("t", taskId);
        cmd.Parameters.AddWithValue("n", n);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, int taskId)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("t", taskId);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
