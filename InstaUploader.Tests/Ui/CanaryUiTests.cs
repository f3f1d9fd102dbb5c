using InstaUploader.Tests.EndToEnd;
using InstaUploader.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>The monitoring page names the step the latest canary found changed, with the account and the run's task.</summary>
[Collection(UiTopologyCollection.Name)]
public sealed class CanaryUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_monitoring_page_shows_the_latest_canarys_first_changed_step_and_account()
    {
        var kit = new E2EKit(fx);
        var account = await kit.AddAccountAsync(E2EAccount.Unique("ui_cny"), new SandboxFaults(WebBioLabelRenamed: true));
        var (task, _) = await kit.RunTaskAsync("web_canary", [account], maxAttempts: 1);
        Assert.True(E2EKit.Item(task, account).GetProperty("status").GetString() == "failed", E2EKit.Describe(task));

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("monitoring");

        var canary = ui.Page.GetByTestId("canary");
        await Expect(canary.GetByTestId("canary-result")).ToContainTextAsync("Step “profile editor” no longer matches", new() { Timeout = 30000 });
        await Expect(canary).ToContainTextAsync("@" + account.Username);
        await Expect(canary.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = $"task {task.GetProperty("id").GetInt32()}" })).ToBeVisibleAsync();
        // The topology names no Canary:Account, so there is no account to walk with now.
        await Expect(canary.GetByTestId("canary-run")).ToBeDisabledAsync();
        await ui.ScreenshotAsync("The_monitoring_page_shows_the_latest_canary");
    }
}
