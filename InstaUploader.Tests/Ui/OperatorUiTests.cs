using System.Net.Http.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class OperatorUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = UiSession.Slow;

    [Fact]
    public async Task Sign_in_lands_on_the_dashboard()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();

        await Expect(ui.Page.GetByTestId("stat-accounts")).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Sign_in_lands_on_the_dashboard");
    }

    [Fact]
    public async Task Wrong_password_shows_an_error()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.Page.GotoAsync("account/login");
        await ui.Page.GetByLabel("E-mail").FillAsync(UiSession.AdminEmail);
        await ui.Page.GetByLabel("Password").FillAsync("definitely-not-the-password");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var error = ui.Page.GetByTestId("login-error");
        await Expect(error).ToBeVisibleAsync(Slow);
        await Expect(error).ToHaveAttributeAsync("role", "alert");
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Wrong_password_shows_an_error");
    }

    [Fact]
    public async Task Login_form_works_with_the_keyboard_only()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.Page.GotoAsync("account/login");

        // The e-mail field has autofocus; Tab moves to the password, Enter submits.
        await Expect(ui.Page.GetByLabel("E-mail")).ToBeFocusedAsync(new() { Timeout = 30000 });
        await ui.Page.Keyboard.TypeAsync(UiSession.AdminEmail);
        await ui.Page.Keyboard.PressAsync("Tab");
        await Expect(ui.Page.GetByLabel("Password")).ToBeFocusedAsync();
        await ui.Page.Keyboard.TypeAsync(ui.AdminPassword);
        await ui.Page.Keyboard.PressAsync("Enter");

        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync(Slow);
        await ui.ScreenshotAsync("Login_form_works_with_the_keyboard_only");
    }

    [Fact]
    public async Task Create_an_account_and_see_field_errors()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("accounts/new");

        // Invalid first: the service's field errors show inline and mark the field.
        await ui.Page.GetByLabel("Username").FillAsync("Not A Valid Name!");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(ui.Page.GetByTestId("form-error")).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByLabel("Username")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.Page.Locator("#err-password")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Create_an_account_field_errors");

        var username = "ui_" + Guid.NewGuid().ToString("n")[..10];
        await ui.Page.GetByLabel("Username").FillAsync(username);
        await ui.Page.GetByLabel("Username").PressAsync("Tab");
        // A fixed field's message goes at once; the one still wrong stays until the next save.
        await Expect(ui.Page.Locator("#err-username")).ToBeHiddenAsync();
        await Expect(ui.Page.GetByLabel("Username")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.Page.Locator("#err-password")).ToBeVisibleAsync();
        await ui.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("S3cret-pass!");
        await ui.Page.GetByLabel("Password", new() { Exact = true }).PressAsync("Tab");
        await Expect(ui.Page.Locator("#err-password")).ToBeHiddenAsync();
        await Expect(ui.Page.GetByTestId("form-error")).ToBeHiddenAsync();
        await ui.Page.GetByLabel("Notes").FillAsync("Created by the UI test");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = username, Level = 1 })).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByText("•••• (stored)")).ToBeVisibleAsync();
        await Expect(ui.Page.GetByText("S3cret-pass!")).ToHaveCountAsync(0);

        await ui.GotoAsync("accounts");
        await ui.Page.GetByLabel("Search").FillAsync(username);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(ui.Page.GetByTestId("accounts-table").GetByRole(AriaRole.Link, new() { Name = username })).ToBeVisibleAsync(Slow);
        await ui.ScreenshotAsync("Create_an_account");
    }

    [Fact]
    public async Task Upload_a_video_then_bulk_upload_it_and_watch_it_complete_live()
    {
        var username = "uiup_" + Guid.NewGuid().ToString("n")[..10];
        const string password = "Reels-pass-1";
        using (var sandbox = fx.CreateClient("sandbox"))
        {
            (await sandbox.PostAsJsonAsync("sandbox/api/accounts", new { username, password })).EnsureSuccessStatusCode();
        }

        var video = OperatorApi.MakeVideo(Path.Combine(Path.GetTempPath(), "ui-tests"), seconds: 2);
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();

        await ui.GotoAsync("accounts/new");
        await ui.Page.GetByLabel("Username").FillAsync(username);
        await ui.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = username, Level = 1 })).ToBeVisibleAsync(Slow);

        await ui.GotoAsync("media");
        await ui.Page.GetByLabel("Upload videos or images").SetInputFilesAsync(video);
        var fileName = Path.GetFileName(video);
        await Expect(ui.Page.GetByTestId("uploads").GetByText("done")).ToBeVisibleAsync(new() { Timeout = 60000 });
        var card = ui.Page.GetByTestId("media-card").Filter(new() { HasText = fileName });
        await Expect(card).ToBeVisibleAsync(Slow);
        await Expect(card.Locator("video")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"media/\d+/content"));
        var src = await card.Locator("video").GetAttributeAsync("src");
        var preview = await ui.Page.APIRequest.GetAsync(src!, new() { Headers = new Dictionary<string, string> { ["Range"] = "bytes=0-99" } });
        Assert.Equal(206, preview.Status);
        await ui.ScreenshotAsync("Media_library_after_upload");

        await ui.GotoAsync("tasks/new/bulk_upload");
        await ui.Page.GetByLabel("Task name").FillAsync("UI bulk upload " + username);
        await ui.Page.GetByLabel("Filter accounts").FillAsync(username);
        await ui.Page.GetByTestId("checklist-accounts").GetByLabel(username).CheckAsync();
        await ui.Page.GetByLabel("Filter videos").FillAsync(fileName);
        await ui.Page.GetByTestId("checklist-videos").GetByLabel(fileName).CheckAsync();
        await ui.Page.GetByLabel("Title · " + fileName).FillAsync("Hello from the UI test");
        await ui.Page.GetByLabel("Default mentions").FillAsync("@brand");
        await ui.ScreenshotAsync("Bulk_upload_form");
        await ui.Page.GetByTestId("create-start").ClickAsync();

        await Expect(ui.Page.GetByTestId("items-table")).ToBeVisibleAsync(Slow);
        // A marker on window survives only as long as the page is not reloaded.
        await ui.Page.EvaluateAsync("() => window.__noReload = true");
        var navigations = 0;
        ui.Page.FrameNavigated += (_, frame) => navigations += frame == ui.Page.MainFrame ? 1 : 0;

        var row = ui.Page.GetByTestId("item-row").First;
        await Expect(row).ToHaveAttributeAsync("data-item-status", new System.Text.RegularExpressions.Regex("^(in_progress|done|failed)$"), new() { Timeout = 120000 });
        await ui.ScreenshotAsync("Bulk_upload_in_progress");
        await Expect(row).ToHaveAttributeAsync("data-item-status", new System.Text.RegularExpressions.Regex("^(done|failed)$"), new() { Timeout = 240000 });
        await ui.ScreenshotAsync("Bulk_upload_detail_finished");

        Assert.True(await ui.Page.EvaluateAsync<bool>("() => window.__noReload === true"), "The detail page was reloaded.");
        Assert.Equal(0, navigations);
        var error = await row.Locator("td").Nth(7).InnerTextAsync();
        Assert.True(await row.GetAttributeAsync("data-item-status") == "done", "The upload item failed: " + error);
        await Expect(ui.Page.GetByTestId("task-status").Locator(".badge")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30000 });
        await Expect(ui.Page.GetByTestId("count-done")).ToHaveTextAsync("Done 1");
    }

    [Fact]
    public async Task Every_input_on_the_main_forms_has_a_label()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.Page.GotoAsync("account/login");
        Assert.Empty(await ui.UnlabelledInputsAsync());
        await ui.SignInAsync();

        string[] pages =
        [
            "", "accounts", "accounts/new", "accounts/import", "media", "tasks", "proxies", "follow", "workers", "monitoring", "scraper",
            .. InstaUploader.Web.Components.Shared.TaskUi.Kinds.Select(k => "tasks/new/" + k.Kind),
        ];
        var problems = new List<string>();
        foreach (var path in pages)
        {
            await ui.GotoAsync(path);
            await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync(Slow);
            problems.AddRange((await ui.UnlabelledInputsAsync()).Select(p => $"/{path}: {p}"));
        }

        await ui.GotoAsync("tasks/new/bulk_upload");
        await ui.ScreenshotAsync("Every_input_on_the_main_forms_has_a_label");
        Assert.Empty(problems);
    }
}
