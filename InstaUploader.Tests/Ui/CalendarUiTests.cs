using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// The posting calendar (issue 26, item 1): a scheduled bulk upload's posts on the week and month views, each opening its
/// item, where the operator moves a planned post (refused outside its window, with the reason) or cancels it.
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class CalendarUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Planned_posts_show_by_week_and_month_and_one_is_moved_within_its_window_and_cancelled()
    {
        using var op = fx.OperatorClient();
        var usernames = new[] { OperatorApi.Unique("calui"), OperatorApi.Unique("calui") };
        var accounts = await op.ImportAccountsAsync(usernames);
        var dir = Path.Combine(Path.GetTempPath(), "iu-tests", "calendar-ui");
        var videos = new List<int>();
        for (var v = 0; v < 2; v++)
        {
            videos.Add((await op.UploadMediaAsync(OperatorApi.MakeVideo(dir, seconds: 1, size: 64), "video/mp4")).GetProperty("id").GetInt32());
        }

        // Tuesday of next week (UTC, the agency's zone here): both posts of each account fall in that week and month grid.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var day1 = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7 + 7 + 1);
        var task = await op.CreateTaskAsync(new
        {
            kind = "bulk_upload", name = OperatorApi.Unique("calendar"), account_ids = accounts, start = true,
            videos = videos.Select((m, i) => new { media_id = m, title = $"reel {i + 1}" }).ToArray(),
            options = new
            {
                schedule = new
                {
                    start_at = new DateTimeOffset(day1.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), min_gap_minutes = 60, spread_days = 2,
                    windows = new[] { new { days = new[] { "mon", "tue", "wed", "thu", "fri" }, from = "10:00", to = "18:00" } },
                },
            },
        });
        var taskId = task.GetProperty("id").GetInt32();
        var date = day1.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            await using var ui = await UiSession.OpenAsync(browser, fx);
            await ui.SignInAsync();
            await ui.GotoAsync($"calendar?view=week&date={date}&task={taskId}");
            var calendar = ui.Page.GetByTestId("calendar");
            await Expect(calendar).ToHaveAttributeAsync("data-view", "week");
            await Expect(calendar.GetByTestId("calendar-entry")).ToHaveCountAsync(4);
            var firstDay = calendar.Locator($"[data-date='{date}']");
            await Expect(firstDay.GetByTestId("calendar-entry")).ToHaveCountAsync(2);
            await Expect(firstDay.GetByTestId("calendar-entry").First).ToContainTextAsync("10:00");
            await Expect(firstDay.GetByTestId("calendar-entry").First).ToContainTextAsync("planned");
            await ui.ScreenshotAsync("Calendar_week_1440");

            await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Month", Exact = true }).ClickAsync();
            await Expect(calendar).ToHaveAttributeAsync("data-view", "month");
            await Expect(calendar.GetByTestId("calendar-entry")).ToHaveCountAsync(4);
            await ui.ScreenshotAsync("Calendar_month_1440");
            await ui.Page.SetViewportSizeAsync(390, 844);
            await ui.ScreenshotAsync("Calendar_month_390");
            await ui.GotoAsync($"calendar?view=week&date={date}&task={taskId}");
            await Expect(calendar.GetByTestId("calendar-entry")).ToHaveCountAsync(4);
            await ui.ScreenshotAsync("Calendar_week_390");
            await ui.Page.SetViewportSizeAsync(1440, 900);

            // An entry opens its item: due at 10:00; 07:00 is outside the window and says so; 14:00 is taken.
            await firstDay.GetByTestId("calendar-entry").First.GetByRole(AriaRole.Link).ClickAsync();
            await ui.WaitInteractiveAsync();
            await Expect(ui.Page.GetByTestId("item-due")).ToContainTextAsync($"{date} 10:00");
            await ui.Page.GetByLabel("New due time").FillAsync($"{date}T07:00");
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
            await Expect(ui.Page.GetByTestId("move-error")).ToContainTextAsync("outside the posting windows");
            await ui.Page.GetByLabel("New due time").FillAsync($"{date}T14:00");
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
            await Expect(ui.Page.GetByTestId("item-due")).ToContainTextAsync($"{date} 14:00");
            await Expect(ui.Page.GetByTestId("move-error")).ToHaveCountAsync(0);
            await ui.ScreenshotAsync("Calendar_item_planned_1440");

            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel this item" }).ClickAsync();
            await Expect(ui.Page.GetByTestId("item-status")).ToContainTextAsync("cancelled");
            await ui.GotoAsync($"calendar?view=week&date={date}&task={taskId}&status=cancelled");
            await Expect(calendar.GetByTestId("calendar-entry")).ToHaveCountAsync(1);
            await Expect(calendar.GetByTestId("calendar-entry")).ToContainTextAsync("14:00");
        }
        finally
        {
            using var cancelled = await op.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
        }
    }
}
