using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class ProxyDetailUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = UiSession.Slow;

    [Fact]
    public async Task Run_diagnostics_on_a_dead_proxy_shows_why_it_failed_on_its_detail_page()
    {
        var port = DeadPort.Find();
        var user = OperatorApi.Unique("pxu");
        const string password = "Px-secret-pass-9";
        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();

        await ui.GotoAsync("proxies");
        await ui.Page.GetByLabel("Host").FillAsync("127.0.0.1");
        await ui.Page.GetByLabel("Port").FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ui.Page.GetByLabel("Username").FillAsync(user);
        await ui.Page.GetByLabel("Password").FillAsync(password);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Add proxy" }).ClickAsync();

        // The list's search and status filter find the new, never checked proxy.
        var display = $"http://127.0.0.1:{port}";
        await ui.Page.GetByLabel("Search").FillAsync(user);
        await ui.Page.GetByLabel("Search").PressAsync("Enter");
        await ui.Page.GetByLabel("Status").SelectOptionAsync("unchecked");
        var link = ui.Page.GetByTestId("proxies-table").GetByRole(AriaRole.Link, new() { Name = display });
        await Expect(link).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByTestId("proxies-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("Proxy_list_filtered");

        await link.ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = display, Level = 1 })).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByText("Never checked")).ToBeVisibleAsync();
        var props = ui.Page.GetByTestId("proxy-props");
        await Expect(props.GetByText("•••• (stored)")).ToBeVisibleAsync();
        await Expect(ui.Page.GetByText(password)).ToHaveCountAsync(0);

        await ui.Page.GetByTestId("run-diagnostics").ClickAsync();

        // The page polls: the worker's result shows up without a reload.
        var run = ui.Page.GetByTestId("diagnostics-run").First;
        await Expect(run).ToHaveAttributeAsync("data-run-status", "failed", new() { Timeout = 120000 });
        await Expect(ui.Page.GetByTestId("proxy-error")).ToContainTextAsync("connection refused", new() { Timeout = 30000 });
        await Expect(ui.Page.GetByTestId("proxy-status").Locator(".badge")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(run).ToContainTextAsync("connection refused");
        await Expect(ui.Page.GetByTestId("proxy-checked").Locator("time")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Proxy_detail_diagnostics_failed");
    }
}
