using InstaUploader.Tests.Infrastructure;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>The two defects seen in the screenshots (issue 16): a finished task's bar part blue, a file name over the next label.</summary>
[Collection(UiTopologyCollection.Name)]
public sealed class VisualDefectsUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_task_that_just_finished_draws_its_bar_all_green_at_once()
    {
        using var op = fx.OperatorClient();
        var account = await op.CreateAccountAsync(OperatorApi.Unique("bar"));
        var task = await op.CreateTaskAsync(new { kind = "bulk_login", name = OperatorApi.Unique("ui_bar"), account_ids = new[] { account }, start = false });
        var taskId = task.GetProperty("id").GetInt32();

        // The test plays the worker in SQL: the task is never started, so no real worker races it for the item.
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await ExecAsync(db, "UPDATE tasks SET status = 'running', started_at = now() WHERE id = @t", taskId);
        await ExecAsync(db, "UPDATE task_items SET status = 'in_progress', lease_owner = 'ui-test', started_at = now(), updated_at = now() WHERE task_id = @t", taskId);

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"tasks/{taskId}");
        await Expect(ui.Page.GetByTestId("count-in_progress")).ToHaveTextAsync("In progress 1");

        await ExecAsync(db, "UPDATE task_items SET status = 'done', lease_owner = NULL, finished_at = now(), updated_at = now() WHERE task_id = @t", taskId);
        await ExecAsync(db, "UPDATE tasks SET status = 'completed', finished_at = now() WHERE id = @t", taskId);
        await Expect(ui.Page.GetByTestId("progress-text")).ToHaveTextAsync("1 of 1 finished · 100 %", new() { Timeout = 30000 });

        // Measured on the very frame the numbers say "finished": the green segment must already fill the bar.
        var share = await ui.Page.EvaluateAsync<double>("""
            () => {
                const bar = document.querySelector('[aria-label="Task progress"]');
                return bar.querySelector('.p-done').getBoundingClientRect().width / bar.getBoundingClientRect().width;
            }
            """);
        Assert.True(share > 0.99, $"green is {share:P0} of a finished task's bar");
        var blue = await ui.Page.EvaluateAsync<double>("() => document.querySelector('[aria-label=\"Task progress\"] .p-running').getBoundingClientRect().width");
        Assert.Equal(0, blue);
        await ui.ScreenshotAsync("Task_detail_finished_bar_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Task_detail_finished_bar_390");
    }

    [Fact]
    public async Task A_long_video_file_name_stays_inside_its_column_on_the_bulk_upload_form()
    {
        using var op = fx.OperatorClient();
        var video = OperatorApi.MakeVideo(Path.Combine(Path.GetTempPath(), "ui-long-name"));
        var longName = Path.Combine(Path.GetDirectoryName(video)!, $"v-{Guid.NewGuid():n}{Guid.NewGuid():n}.mp4");
        File.Move(video, longName);
        var media = await op.UploadMediaAsync(longName, "video/mp4");
        var fileName = media.GetProperty("file_name").GetString()!;

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("tasks/new/bulk_upload");
        var checklist = ui.Page.GetByTestId("checklist-videos");
        await checklist.GetByRole(Microsoft.Playwright.AriaRole.Searchbox).FillAsync(fileName);
        await checklist.GetByRole(Microsoft.Playwright.AriaRole.Checkbox, new() { Name = fileName }).CheckAsync();
        var row = ui.Page.GetByTestId("video-row").Last;
        await Expect(row).ToBeVisibleAsync();

        foreach (var width in new[] { 1440, 390 })
        {
            await ui.Page.SetViewportSizeAsync(width, 960);
            // The title label's text (its line boxes, not the label element) must end before the Location column starts.
            var overlap = await row.EvaluateAsync<string?>("""
                row => {
                    const title = row.querySelector('label[for^="title-"]');
                    const location = row.querySelector('label[for^="location-"]').closest('.field').getBoundingClientRect();
                    const range = document.createRange();
                    range.selectNodeContents(title);
                    for (const r of range.getClientRects()) {
                        const overlaps = r.right > location.left + 0.5 && r.left < location.right && r.bottom > location.top && r.top < location.bottom;
                        const outside = r.right > title.getBoundingClientRect().right + 0.5;
                        if (overlaps || outside) return `text ${r.left}-${r.right} vs column ${title.getBoundingClientRect().right}, location ${location.left}`;
                    }
                    return null;
                }
                """);
            Assert.Null(overlap);
            await ui.ScreenshotAsync($"Task_create_bulk_upload_long_name_{width}");
        }
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql, int taskId)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("t", taskId);
        await cmd.ExecuteNonQueryAsync();
    }
}
