using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class ScrapeAccountsUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = UiSession.Slow;

    [Fact]
    public async Task Add_a_scraping_account_with_a_proxy_and_see_it_listed_without_secrets()
    {
        const string proxySecret = "secret";
        const string password = "Scr4pe-pass-77";
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("scraper");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Scraping accounts" }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Scraping accounts", Level = 1 })).ToBeVisibleAsync(Slow);
        Assert.Empty(await ui.UnlabelledInputsAsync());

        // The empty form gets the API's own field errors, next to their fields.
        var save = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save account" });
        await save.ClickAsync();
        await Expect(ui.Page.GetByTestId("form-error")).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByLabel("Username")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.Page.Locator("#err-username")).ToContainTextAsync("username");
        await Expect(ui.Page.GetByLabel("Password", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.Page.Locator("#err-password")).ToContainTextAsync("password is required");
        await ui.ScreenshotAsync("Scraping_accounts_field_errors");

        var username = "uiscr_" + Guid.NewGuid().ToString("n")[..10];
        await ui.Page.GetByLabel("Username").FillAsync(username);
        await ui.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await ui.Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(username + "@mail.example");
        await ui.Page.GetByLabel("E-mail password").FillAsync("mail-" + password);
        await ui.Page.GetByLabel("Proxy").FillAsync($"http://u:{proxySecret}@127.0.0.1:3128");
        await save.ClickAsync();

        var row = ui.Page.GetByTestId("scrape-accounts-table").Locator($"tr[data-username='{username}']");
        await Expect(row).ToBeVisibleAsync(Slow);
        await Expect(row).ToContainTextAsync("http://u@127.0.0.1:3128");
        await Expect(row.Locator(".badge")).ToHaveAttributeAsync("data-status", "active");
        await Expect(ui.Page.GetByTestId("form-error")).ToHaveCountAsync(0);
        await Expect(ui.Page.Locator("#err-username")).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(ui.Page.GetByLabel("E-mail password")).ToHaveValueAsync("");
        await Expect(ui.Page.GetByLabel("Proxy")).ToHaveValueAsync("");
        await ui.ScreenshotAsync("Scraping_accounts_saved");

        // "secret" is also in the "2FA secret" label: the whole page must not hold the proxy's credentials, the list not even the word.
        var html = await ui.Page.ContentAsync();
        Assert.DoesNotContain($"u:{proxySecret}", html, StringComparison.Ordinal);
        Assert.DoesNotContain(password, html, StringComparison.Ordinal);
        Assert.DoesNotContain(proxySecret, await ui.Page.GetByTestId("scrape-accounts-table").InnerHTMLAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queueing_a_scrape_without_usernames_shows_the_error_on_the_field()
    {
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("scraper");

        await ui.Page.GetByLabel("Usernames").FillAsync("bad!name");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Queue full scrape" }).ClickAsync();

        await Expect(ui.Page.GetByLabel("Usernames")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.Page.Locator("#err-usernames")).ToContainTextAsync("is not a valid Instagram username");
        Assert.Empty(await ui.UnlabelledInputsAsync());
        await ui.ScreenshotAsync("Scraper_queue_field_error");
    }
}
