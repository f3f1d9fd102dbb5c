using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class DashboardUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Throughput_chart_counts_the_items_a_task_finished_in_their_five_minute_bucket()
    {
        // A proxy on a dead local port: its diagnostics item fails quickly and is not retried.
        using var op = fx.OperatorClient();
        using var created = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = DeadPort.Find(), username = OperatorApi.Unique("dash") });
        await OperatorApi.EnsureAsync(created);
        var proxyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var task = await op.CreateTaskAsync(new { kind = "proxy_diag", name = OperatorApi.Unique("dash_diag"), proxy_ids = new[] { proxyId }, start = true });
        var done = await op.WaitForTaskAsync(task.GetProperty("id").GetInt32(), TimeSpan.FromSeconds(120));
        var item = done.GetProperty("items")[0];
        Assert.True(item.GetProperty("status").GetString() == "failed", done.ToString());
        var finished = item.GetProperty("finished_at").GetDateTimeOffset().ToUniversalTime();
        var bucket = new DateTimeOffset(finished.Ticks - (finished.Ticks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero);

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();

        var chart = ui.Page.GetByTestId("throughput-chart");
        await Expect(chart).ToBeVisibleAsync(UiSession.Slow);
        await Expect(chart.GetByTestId("throughput-bar")).ToHaveCountAsync(12);
        var bar = chart.Locator($"[data-testid=throughput-bar][data-start='{bucket.ToString("HH:mm", CultureInfo.InvariantCulture)}']");
        await Expect(bar).ToHaveCountAsync(1);
        Assert.True(int.Parse((await bar.GetAttributeAsync("data-failed"))!, CultureInfo.InvariantCulture) >= 1, "The failed item is not in its bucket.");
        await Expect(bar.Locator("rect.bar-failed")).ToHaveCountAsync(1);
        Assert.True(int.Parse((await chart.GetAttributeAsync("data-failed"))!, CultureInfo.InvariantCulture) >= 1);

        // The other dashboard panels are there too.
        foreach (var heading in new[] { "Accounts by status", "Worker health", "Running and queued tasks", "Recent errors" })
        {
            await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        }

        await ui.ScreenshotAsync("Dashboard_throughput_chart");
    }
}
