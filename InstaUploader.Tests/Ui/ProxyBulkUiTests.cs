using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>The proxy list's bulk buttons act on everything its filter matches: delete the dead (moving their accounts), validate all.</summary>
[Collection(UiTopologyCollection.Name)]
public sealed class ProxyBulkUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Delete_dead_moves_their_accounts_and_validate_all_queues_a_check_of_every_match()
    {
        using var op = fx.OperatorClient();
        var user = OperatorApi.Unique("pxbulk");
        async Task<int> ProxyAsync(int port)
        {
            using var r = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port, username = user });
            await OperatorApi.EnsureAsync(r);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        var dead = await ProxyAsync(DeadPort.Find());
        var alive = await ProxyAsync(DeadPort.Find());
        await using (var db = new NpgsqlConnection(await fx.ConnectionStringAsync()))
        {
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("UPDATE proxies SET status = CASE WHEN id = @d THEN 'failed' ELSE 'ok' END WHERE id IN (@d, @a)", db);
            cmd.Parameters.AddWithValue("d", dead);
            cmd.Parameters.AddWithValue("a", alive);
            await cmd.ExecuteNonQueryAsync();
        }

        using var created = await op.PostAsJsonAsync("/api/v1/accounts", new { username = OperatorApi.Unique("pxacc"), password = "pw-1", proxy_id = dead });
        await OperatorApi.EnsureAsync(created);
        var account = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("proxies");

        // The add form's inputs look like every other input and sit on one line with the select.
        var boxes = await ui.Page.EvaluateAsync<double[][]>("""
            () => ['#px-scheme', '#px-host', '#px-port', '#px-user', '#px-pass'].map(id => {
                const e = document.querySelector(id), r = e.getBoundingClientRect();
                return [r.top, r.height, parseFloat(getComputedStyle(e).borderTopLeftRadius)];
            })
            """);
        // Compared by their bottom edges: the form aligns its fields at the end, and a select draws 2 px shorter than an input.
        Assert.All(boxes, b =>
        {
            Assert.InRange(b[0] + b[1], boxes[0][0] + boxes[0][1] - 1, boxes[0][0] + boxes[0][1] + 1);
            Assert.InRange(b[1], boxes[0][1] - 2, boxes[0][1] + 2);
            Assert.True(b[2] > 0, "an input of the proxy form keeps the browser's unstyled look");
        });

        // A message goes as soon as its field is changed.
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Add proxy" }).ClickAsync();
        await Expect(ui.Page.Locator("#err-host")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Proxies_add_error_1440");
        await ui.Page.Locator("#px-host").FillAsync("127.0.0.1");
        await ui.Page.Locator("#px-host").PressAsync("Tab");
        await Expect(ui.Page.Locator("#err-host")).ToBeHiddenAsync();

        await ui.Page.Locator("#px-q").FillAsync(user);
        await ui.Page.Locator("#px-q").PressAsync("Tab");
        await Expect(ui.Page.GetByTestId("validate-all")).ToHaveTextAsync("Validate all 2 matching");
        await ui.ScreenshotAsync("Proxies_bulk_1440");

        // Every row's actions are in view at 1440 px: the table fits its frame instead of scrolling them off its edge.
        var clipped = await ui.Page.EvaluateAsync<int>("""
            () => {
                const wrap = document.querySelector('[data-testid=proxies-table]').closest('.table-wrap').getBoundingClientRect();
                return [...document.querySelectorAll('[data-testid=proxies-table] tbody .actions-col .btn')]
                    .filter(b => b.getBoundingClientRect().right > wrap.right).length;
            }
            """);
        Assert.Equal(0, clipped);

        await Expect(ui.Page.GetByTestId("delete-dead")).ToHaveTextAsync("Delete 1 dead, move their accounts");
        await ui.Page.GetByTestId("delete-dead").ClickAsync();
        await Expect(ui.Page.GetByTestId("toast").Last).ToContainTextAsync("1 dead proxies deleted, 1 kept");
        await Expect(ui.Page.GetByTestId("validate-all")).ToHaveTextAsync("Validate all 1 matching");
        await Expect(ui.Page.GetByTestId("delete-dead")).ToHaveTextAsync("Delete 0 dead, move their accounts");
        await Expect(ui.Page.GetByTestId("delete-dead")).ToBeDisabledAsync();
        var moved = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account}");
        Assert.NotEqual(dead, moved.GetProperty("proxy_id").GetInt32());

        await ui.Page.GetByTestId("validate-all").ClickAsync();
        await Expect(ui.Page.GetByTestId("toast").Last).ToContainTextAsync("Checking 1 proxies in task #");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Proxies_bulk_390");
    }
}
