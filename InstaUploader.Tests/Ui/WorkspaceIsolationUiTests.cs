using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// Issue 25's proof in the console: a member of workspace B signs in and walks every page, the detail pages of
/// workspace 1's records by their ids, and the live task list while a worker writes to workspace 1's task, and never
/// sees one of workspace 1's names; the layout offers B only.
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class WorkspaceIsolationUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "A-long-enough-Pass-1";

    [Fact]
    public async Task A_member_of_another_workspace_sees_nothing_of_the_first_on_any_page_or_in_the_live_feed()
    {
        using var op = fx.OperatorClient();
        var username = OperatorApi.Unique("ui_ws_a");
        var accountId = await op.CreateAccountAsync(username);
        var taskName = OperatorApi.Unique("ui_ws_task");
        var taskId = (await op.CreateTaskAsync(new { kind = "bulk_login", name = taskName, account_ids = new[] { accountId }, start = false })).GetProperty("id").GetInt32();

        var workspaceName = OperatorApi.Unique("ui_ws_b");
        using var created = await op.PostAsJsonAsync("/api/v1/workspaces", new { name = workspaceName });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var workspaceB = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var email = $"{OperatorApi.Unique("b")}@agency.test";
        using var invited = await op.PostAsJsonAsync($"/api/v1/workspaces/{workspaceB}/invitations", new { email, role = "Operator" });
        var token = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var anonymous = fx.CreateClient("web");
        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/workspaces/invitations/accept", new { token, password = Password });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.Page.GotoAsync("account/login");
        await ui.Page.GetByLabel("E-mail").FillAsync(email);
        await ui.Page.GetByLabel("Password").FillAsync(Password);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync(UiSession.Slow);
        await ui.WaitInteractiveAsync();
        await Expect(ui.Page.GetByTestId("workspace-switcher")).ToContainTextAsync(workspaceName);

        foreach (var page in new[] { "", "accounts", "proxies", "media", "follow", "tasks", $"accounts/{accountId}", $"tasks/{taskId}" })
        {
            await ui.GotoAsync(page);
            var text = await ui.Page.Locator("main").InnerTextAsync();
            Assert.DoesNotContain(username, text, StringComparison.Ordinal);
            Assert.DoesNotContain(taskName, text, StringComparison.Ordinal);
        }

        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("not found");

        // The live feed announces workspace 1's writes to every circuit; B's task list reloads and still shows none of it.
        await ui.GotoAsync("tasks");
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using (var write = new NpgsqlCommand("UPDATE task_items SET attempts = attempts + 1, updated_at = now() WHERE task_id = @t", db))
        {
            write.Parameters.AddWithValue("t", taskId);
            await write.ExecuteNonQueryAsync();
        }

        await Task.Delay(1500);
        Assert.DoesNotContain(taskName, await ui.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await ui.GotoAsync("accounts");
        await ui.ScreenshotAsync("Workspace_b_accounts_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Workspace_b_accounts_390");
    }
}
