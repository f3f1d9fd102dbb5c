using System.Net.Http.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class CookieRobotUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = UiSession.Slow;

    [Fact]
    public async Task Cookie_robot_task_is_validated_created_from_the_form_and_completes()
    {
        var username = OperatorApi.Unique("uirobot");
        const string password = "Robot-pass-1";
        using (var sandbox = fx.CreateClient("sandbox"))
        {
            (await sandbox.PostAsJsonAsync("sandbox/api/accounts", new { username, password })).EnsureSuccessStatusCode();
        }

        using (var op = fx.OperatorClient())
        {
            await op.CreateAccountAsync(username, password);
        }

        Uri sandboxBase;
        using (var sandbox = fx.CreateClient("sandbox"))
        {
            sandboxBase = sandbox.BaseAddress!;
        }

        var sites = new[] { OperatorApi.Unique("news"), OperatorApi.Unique("shop") };
        var urls = sites.Select(s => new Uri(sandboxBase, $"sandbox/sites/{s}/home").ToString()).ToArray();

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("tasks");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Cookie robot" }).First.ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "New cookie robot task", Level = 1 })).ToBeVisibleAsync(Slow);
        await ui.WaitInteractiveAsync();

        // Nothing chosen: each field says what is missing, next to it.
        await ui.Page.GetByTestId("create-start").ClickAsync();
        await Expect(ui.Page.GetByTestId("form-error")).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.Locator("#err-accounts")).ToContainTextAsync("Select at least one account");
        await Expect(ui.Page.Locator("#err-options-urls")).ToContainTextAsync("at least one URL");
        await Expect(ui.Page.GetByLabel("Sites to visit")).ToHaveAttributeAsync("aria-invalid", "true");

        // A line that is not a web address is named in the message.
        await ui.Page.GetByLabel("Sites to visit").FillAsync(urls[0] + "\nnot a url");
        await ui.Page.GetByTestId("create-start").ClickAsync();
        await Expect(ui.Page.Locator("#err-options-urls")).ToContainTextAsync("not a url");
        await ui.ScreenshotAsync("Cookie_robot_form_errors");

        await ui.Page.GetByLabel("Task name").FillAsync("UI cookie robot " + username);
        await ui.Page.GetByLabel("Filter accounts").FillAsync(username);
        await ui.Page.GetByTestId("checklist-accounts").GetByLabel(username).CheckAsync();
        await ui.Page.GetByLabel("Sites to visit").FillAsync(string.Join('\n', urls));
        await ui.ScreenshotAsync("Cookie_robot_form");
        await ui.Page.GetByTestId("create-start").ClickAsync();

        await Expect(ui.Page.GetByTestId("items-table")).ToBeVisibleAsync(Slow);
        var row = ui.Page.GetByTestId("item-row").First;
        await Expect(row).ToHaveAttributeAsync("data-item-status", new System.Text.RegularExpressions.Regex("^(done|failed)$"), new() { Timeout = 180000 });
        var error = await row.Locator("td").Nth(7).InnerTextAsync();
        Assert.True(await row.GetAttributeAsync("data-item-status") == "done", "The cookie robot item failed: " + error);
        await Expect(ui.Page.GetByTestId("task-status").Locator(".badge")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30000 });
        await Expect(ui.Page.GetByTestId("task-log")).ToContainTextAsync("cookie(s) saved");
        await ui.ScreenshotAsync("Cookie_robot_task_completed");

        // The account now carries the visited sites' cookies: from the item's page to its account.
        await row.GetByRole(AriaRole.Link, new() { Name = username }).ClickAsync();
        await ui.Page.Locator("a[href^='accounts/']").Filter(new() { HasText = username }).ClickAsync();
        await Expect(ui.Page.GetByTestId("cookies-count")).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = username, Level = 1 })).ToBeVisibleAsync(Slow);
        var cookies = int.Parse(await ui.Page.GetByTestId("cookies-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(cookies >= 2, $"Expected the visited sites' cookies on the account, found {cookies}.");
        await Expect(ui.Page.Locator("section[aria-labelledby=history-h]").GetByRole(AriaRole.Link, new() { Name = "UI cookie robot " + username })).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Cookie_robot_account_cookies");
    }
}
