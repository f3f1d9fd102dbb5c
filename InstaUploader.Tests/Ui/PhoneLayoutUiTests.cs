using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// Every page at 390 px: no sideways scrolling of the page nor of a table (tables become cards, so progress, last error
/// and result stay in view), the sidebar folded behind a Menu button that works.
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class PhoneLayoutUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Every_page_fits_a_390px_phone_and_the_menu_opens_and_closes()
    {
        using var op = fx.OperatorClient();
        var account = await op.CreateAccountAsync(OperatorApi.Unique("phone"));
        using var proxyResponse = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = 3128, username = OperatorApi.Unique("phone") });
        await OperatorApi.EnsureAsync(proxyResponse);
        var proxy = (await proxyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var task = (await op.CreateTaskAsync(new { kind = "bulk_login", name = OperatorApi.Unique("phone"), account_ids = new[] { account }, start = false })).GetProperty("id").GetInt32();
        var item = (await op.GetTaskAsync(task)).GetProperty("items")[0].GetProperty("id").GetInt64();

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.Page.GotoAsync("account/login");
        await Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        var signInWidth = await ui.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await ui.ScreenshotAsync("Phone_sign_in_390");
        Assert.True(signInWidth <= 390, $"the sign-in page is {signInWidth} px wide in a 390 px screen");
        await ui.SignInAsync();
        string[] pages =
        [
            "", "accounts", "accounts/new", "accounts/import", $"accounts/{account}", $"accounts/{account}/edit", "proxies", "proxies/import",
            $"proxies/{proxy}", "media", "follow", "tasks", $"tasks/{task}", $"tasks/{task}/items/{item}", "tasks/new/bulk_upload", "tasks/new/bulk_login", "tasks/new/warmup",
            "tasks/new/avatar", "tasks/new/bio", "tasks/new/follow", "tasks/new/proxy_diag", "tasks/new/media_uniq", "tasks/new/cookie_robot",
            "scraper", "scraper/accounts", "workers", "monitoring", "calendar", "settings/caps", "admin/users", "admin/audit", "admin/security",
            "settings/tokens",
        ];
        var overflowing = new List<string>();
        foreach (var path in pages)
        {
            await ui.GotoAsync(path);
            await Expect(ui.Page.Locator("main h1")).ToBeVisibleAsync();
            await Expect(ui.Page.GetByTestId("menu-button")).ToBeVisibleAsync();
            await Expect(ui.Page.Locator("#nav-links")).ToBeHiddenAsync();
            await Expect(ui.Page.Locator("main p.muted", new() { HasTextString = "Loading…" })).ToHaveCountAsync(0);
            // Wide tables scroll inside their own box; the page itself must not scroll sideways.
            var widest = await ui.Page.EvaluateAsync<string?>("""
                () => {
                    const limit = document.documentElement.clientWidth;
                    if (document.documentElement.scrollWidth <= limit + 1) return null;
                    const culprit = [...document.querySelectorAll('main *')]
                        .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.table-wrap'))
                        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))[0];
                    return `${document.documentElement.scrollWidth}px (${culprit})`;
                }
                """);
            if (widest is not null)
            {
                overflowing.Add($"/{path}: {widest}");
            }

            // A table whose columns run off-screen hides what the operator came for (progress, last error, result).
            var hiddenColumns = await ui.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main .table-wrap')]
                    .filter(w => w.scrollWidth > w.clientWidth + 1)
                    .map(w => `${w.querySelector('table')?.dataset.testid ?? w.querySelector('th')?.textContent ?? 'table'} ${w.scrollWidth}px`)
                """);
            overflowing.AddRange(hiddenColumns.Select(t => $"/{path}: table {t} scrolls sideways"));

            var name = path.Length == 0 ? "dashboard" : path.Replace('/', '_');
            await ui.ScreenshotAsync($"Phone_{name}_390");
        }

        Assert.Empty(overflowing);

        await ui.GotoAsync("");
        await ui.Page.GetByTestId("menu-button").ClickAsync();
        await Expect(ui.Page.Locator("#nav-links")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Phone_menu_open_390");
        await ui.Page.Locator("#nav-links").GetByRole(AriaRole.Link, new() { Name = "Tasks", Exact = true }).ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Tasks", Level = 1 })).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#nav-links")).ToBeHiddenAsync();

        await ui.Page.SetViewportSizeAsync(1440, 960);
        await Expect(ui.Page.GetByTestId("menu-button")).ToBeHiddenAsync();
        await Expect(ui.Page.Locator("#nav-links")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("Desktop_tasks_1440");

        // On a desktop every table shows all its columns (a row's last button clipped at the frame's edge is a defect),
        // and every menu icon is drawn by some font (an icon no font has shows as an empty box).
        var clipped = new List<string>();
        foreach (var path in pages)
        {
            await ui.GotoAsync(path);
            await Expect(ui.Page.Locator("main h1")).ToBeVisibleAsync();
            // Measured once the page has its data: a page still loading has no tables to clip.
            await Expect(ui.Page.Locator("main p.muted", new() { HasTextString = "Loading…" })).ToHaveCountAsync(0);
            var wide = await ui.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main .table-wrap')]
                    .filter(w => w.scrollWidth > w.clientWidth + 1)
                    .map(w => `${w.querySelector('table')?.dataset.testid ?? w.querySelector('th')?.textContent ?? 'table'} ${w.scrollWidth}px in ${w.clientWidth}px`)
                """);
            clipped.AddRange(wide.Select(t => $"/{path}: table {t}"));
            await ui.ScreenshotAsync($"Desktop_{(path.Length == 0 ? "dashboard" : path.Replace('/', '_'))}_1440");
        }

        Assert.Empty(clipped);
        var blankIcons = await ui.Page.EvaluateAsync<string[]>("""
            () => {
                // A glyph no font has is drawn as the same fallback box; compare each icon with a surely missing code point.
                const canvas = document.createElement('canvas').getContext('2d');
                const font = getComputedStyle(document.querySelector('.nav-icon')).font;
                canvas.font = font;
                const box = canvas.measureText('\u{10FFFD}').width;
                return [...document.querySelectorAll('#nav-links .nav-icon')]
                    .filter(i => { canvas.font = font; return Math.abs(canvas.measureText(i.textContent).width - box) < 0.01; })
                    .map(i => i.parentElement.textContent.trim());
            }
            """);
        Assert.Empty(blankIcons);
    }
}
