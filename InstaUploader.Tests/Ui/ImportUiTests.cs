using System.Text;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>A 5,000-line account import from a file: a moving progress bar, then the report with a downloadable list of bad lines.</summary>
[Collection(UiTopologyCollection.Name)]
public sealed class ImportUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_5000_line_import_shows_progress_and_offers_the_bad_lines_as_a_download()
    {
        var prefix = "ui" + Guid.NewGuid().ToString("N")[..8];
        var lines = Enumerable.Range(0, 5000).Select(i => $"{prefix}_{i}:pw-{i}").ToList();
        lines[41] = "no-password-here";                // line 42
        lines[4321] = $"{prefix}_bad name:pw";         // line 4322
        var file = Path.Combine(Path.GetTempPath(), $"{prefix}.txt");
        await File.WriteAllTextAsync(file, string.Join('\n', lines));

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync("accounts/import");
        await ui.Page.Locator("#import-file").SetInputFilesAsync(file);
        await Expect(ui.Page.Locator("#import-text")).Not.ToHaveValueAsync("");

        // Every value the bar takes is recorded in the page, so the test sees the progress however fast it goes.
        await ui.Page.EvaluateAsync("""
            () => {
                window.__progress = [];
                new MutationObserver(() => {
                    const bar = document.querySelector('[aria-label="Import progress"][role="progressbar"]');
                    if (bar) window.__progress.push([+bar.getAttribute('aria-valuenow'), +bar.getAttribute('aria-valuemax')]);
                }).observe(document.body, { subtree: true, childList: true, attributes: true });
            }
            """);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(ui.Page.GetByTestId("import-progress")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Accounts_import_progress_1440");
        var report = ui.Page.GetByTestId("import-report");
        await Expect(report).ToContainTextAsync("Created 4998", new() { Timeout = 120_000 });

        var seen = await ui.Page.EvaluateAsync<int[][]>("() => window.__progress");
        Assert.Contains(seen, v => v[1] == 4998 && v[0] > 0 && v[0] < 4998);
        Assert.Contains(seen, v => v[1] == 4998 && v[0] == 4998);

        await Expect(report.GetByTestId("import-errors").Locator("tbody tr")).ToHaveCountAsync(2);
        var download = await ui.Page.RunAndWaitForDownloadAsync(() => report.GetByTestId("download-problems").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        // Each problem carries its line as typed beside its number, the password hidden.
        Assert.StartsWith("line,text,problem\n42,\"no-password-here\",", csv, StringComparison.Ordinal);
        Assert.Contains($"\n4322,\"{prefix}_bad name:••••\",", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-", csv, StringComparison.Ordinal);
        await Expect(report.GetByTestId("import-errors")).ToContainTextAsync("no-password-here");
        await ui.ScreenshotAsync("Accounts_import_report_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Accounts_import_report_390");
    }
}
