using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// Every screen counts a task the same way (issue 23): the API's progress, the task list API, the task page, the task
/// list page and the dashboard show the same finished / total and percent, through cancel and retry, with items in
/// every state. The states no worker could be made to hold still (a done item that counted nothing, like a warm-up;
/// a permanent failure; an item in progress) are written in SQL, as a worker's routes would.
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class TaskNumbersUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Api_task_page_task_list_and_dashboard_agree_through_cancel_and_retry()
    {
        using var op = fx.OperatorClient();
        var proxies = new List<int>();
        for (var n = 0; n < 5; n++)
        {
            using var created = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = DeadPort.Find(), username = OperatorApi.Unique("tally") });
            await OperatorApi.EnsureAsync(created);
            proxies.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        }

        var task = await op.CreateTaskAsync(new { kind = "proxy_diag", name = OperatorApi.Unique("ui_tally"), proxy_ids = proxies, start = false, max_attempts = 3 });
        var taskId = task.GetProperty("id").GetInt32();
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        var items = await ItemIdsAsync(db, taskId);
        // Item 1 done without counters (a warm-up counts nothing), 2 failed retryably, 3 failed for good, 4 in progress
        // under a lease no worker holds, 5 not started.
        await ExecAsync(db, """
            UPDATE tasks SET status = 'running', started_at = now() WHERE id = @t;
            UPDATE task_items SET status = 'done', attempts = 1, finished_at = now(), updated_at = now() WHERE id = @i1;
            UPDATE task_items SET status = 'failed', attempts = 1, last_error = 'timed out', finished_at = now(), updated_at = now() WHERE id = @i2;
            UPDATE task_items SET status = 'failed', attempts = 1, permanent_failure = true, last_error = 'bad password', finished_at = now(), updated_at = now() WHERE id = @i3;
            UPDATE task_items SET status = 'in_progress', attempts = 1, lease_owner = 'tally-test', lease_expires_at = now() + interval '1 hour', updated_at = now() WHERE id = @i4;
            """, taskId, items);

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();

        var running = await ProgressAsync(op, taskId);
        Assert.Equal((5, 1, 2, 0, 3, 60), (Total(running), Int(running, "done"), Int(running, "failed"), Int(running, "cancelled"), Int(running, "finished"), Int(running, "percent")));
        Assert.Equal((1, 2), (Int(running, "success"), Int(running, "failed_count")));
        await AssertScreensAgreeAsync(ui, op, taskId, running, onDashboard: true);

        // Cancel: the item not started is cancelled; the one in progress keeps running.
        await OperatorApi.EnsureAsync(await op.PostAsync($"/api/v1/tasks/{taskId}/cancel", null));
        var cancelled = await ProgressAsync(op, taskId);
        Assert.Equal((1, 4, 80), (Int(cancelled, "cancelled"), Int(cancelled, "finished"), Int(cancelled, "percent")));
        await AssertScreensAgreeAsync(ui, op, taskId, cancelled, onDashboard: false);

        // Retry failed queues the retryable failure only; retry cancelled the cancelled one. Both run on a dead proxy and fail.
        await ExecAsync(db, "UPDATE task_items SET status = 'done', lease_owner = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now() WHERE id = @i4", taskId, items);
        using (var retry = await op.PostAsync($"/api/v1/tasks/{taskId}/retry-failed", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            Assert.Equal(1, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("affected").GetInt32());
        }

        using (var retry = await op.PostAsync($"/api/v1/tasks/{taskId}/retry-cancelled", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        var settled = await op.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(120));
        var final = await ProgressAsync(op, taskId);
        Assert.True(Int(final, "finished") == 5, settled.ToString());
        Assert.Equal((2, 3, 0, 100), (Int(final, "done"), Int(final, "failed"), Int(final, "cancelled"), Int(final, "percent")));
        await AssertScreensAgreeAsync(ui, op, taskId, final, onDashboard: false);
        await ui.ScreenshotAsync("Task_numbers_after_retry_1440");

        // The dashboard and monitoring count the last hour's finished items in the same window.
        await ui.GotoAsync("");
        var dashboard = (await StatAsync(ui, "done-hour"), await StatAsync(ui, "failed-hour"));
        await ui.GotoAsync("monitoring");
        Assert.Equal(dashboard, (await StatAsync(ui, "done-hour"), await StatAsync(ui, "failed-hour")));
    }

    private static async Task AssertScreensAgreeAsync(UiSession ui, HttpClient op, int taskId, JsonElement progress, bool onDashboard)
    {
        var (finished, total, percent) = (Int(progress, "finished"), Total(progress), Int(progress, "percent"));
        Assert.Equal(Int(progress, "done") + Int(progress, "failed") + Int(progress, "cancelled"), finished);
        Assert.Equal(finished * 100 / total, percent);

        var list = await op.GetFromJsonAsync<JsonElement>("/api/v1/tasks?page_size=200");
        var row = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == taskId);
        foreach (var name in new[] { "total", "done", "failed", "cancelled", "finished", "percent" })
        {
            Assert.True(Int(row, name) == Int(progress, name), $"{name}: list {Int(row, name)}, progress {Int(progress, name)}");
        }

        await ui.GotoAsync($"tasks/{taskId}");
        await Expect(ui.Page.GetByTestId("progress-text")).ToHaveTextAsync($"{finished} of {total} finished · {percent} %");
        await Expect(ui.Page.GetByRole(AriaRole.Progressbar, new() { Name = "Task progress" })).ToHaveAttributeAsync("aria-valuenow", Str(percent));
        await Expect(ui.Page.GetByTestId("count-done")).ToHaveTextAsync($"Done {Int(progress, "done")}");
        await Expect(ui.Page.GetByTestId("count-failed")).ToHaveTextAsync($"Failed {Int(progress, "failed")}");
        await Expect(ui.Page.GetByTestId("count-cancelled")).ToHaveTextAsync($"Cancelled {Int(progress, "cancelled")}");
        await Expect(ui.Page.GetByTestId("count-successes")).ToHaveTextAsync($"· Successes {Int(progress, "success")}");
        await Expect(ui.Page.GetByTestId("count-failures")).ToHaveTextAsync($"Failures {Int(progress, "failed_count")}");

        await ui.GotoAsync("tasks");
        var listRow = ui.Page.Locator($"[data-testid=tasks-table] tr[data-task-id='{taskId}']");
        await Expect(listRow.GetByTestId("task-finished")).ToHaveTextAsync($"{finished} / {total}");
        await Expect(listRow.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", Str(percent));

        if (onDashboard)
        {
            await ui.GotoAsync("");
            var dashRow = ui.Page.Locator($"tr[data-task-id='{taskId}']");
            await Expect(dashRow.GetByTestId("task-finished")).ToHaveTextAsync($"{finished} / {total}");
            await Expect(dashRow.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", Str(percent));
        }
    }

    private static async Task<JsonElement> ProgressAsync(HttpClient op, int taskId) =>
        await op.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}/progress");

    private static async Task<string> StatAsync(UiSession ui, string key)
    {
        var value = ui.Page.GetByTestId($"stat-{key}").Locator(".value");
        await Expect(value).ToHaveTextAsync(new Regex(@"^\d+$"));
        return await value.InnerTextAsync();
    }

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static int Total(JsonElement e) => Int(e, "total");

    private static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static async Task<long[]> ItemIdsAsync(NpgsqlConnection db, int taskId)
    {
        await using var cmd = new NpgsqlCommand("SELECT id FROM task_items WHERE task_id = @t ORDER BY position, id", db);
        cmd.Parameters.AddWithValue("t", taskId);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql, int taskId, long[] items)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("t", taskId);
        for (var n = 0; n < items.Length; n++)
        {
            cmd.Parameters.AddWithValue($"i{n + 1}", items[n]);
        }

        await cmd.ExecuteNonQueryAsync();
    }
}
