using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>The proxy list's bulk buttons act on everything its filter matches: delete the dead (moving their accounts), validate all.</summary>
[Collection(TopologyCollection.Name)]
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
        await ui.Page.Locator("#px-q").FillAsync(user);
        await ui.Page.Locator("#px-q").PressAsync("Tab");
        await Expect(ui.Page.GetByTestId("validate-all")).ToHaveTextAsync("Validate all 2 matching");
        await ui.ScreenshotAsync("Proxies_bulk_1440");

        await ui.Page.GetByTestId("delete-dead").ClickAsync();
        await Expect(ui.Page.GetByTestId("toast").Last).ToContainTextAsync("1 dead proxies deleted, 1 kept");
        await Expect(ui.Page.GetByTestId("validate-all")).ToHaveTextAsync("Validate all 1 matching");
        var moved = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account}");
        Assert.NotEqual(dead, moved.GetProperty("proxy_id").GetInt32());

        await ui.Page.GetByTestId("validate-all").ClickAsync();
        await Expect(ui.Page.GetByTestId("toast").Last).ToContainTextAsync("Checking 1 proxies in task #");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Proxies_bulk_390");
    }
}
