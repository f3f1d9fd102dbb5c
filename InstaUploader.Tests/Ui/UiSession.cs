using Aspire.Hosting.Testing;
using System.Runtime.CompilerServices;
using Aspire.Hosting.ApplicationModel;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InstaUploader.Tests.Ui;

/// <summary>A browser context on the Web of the composed topology, with sign-in and screenshot helpers.</summary>
public sealed class UiSession : IAsyncDisposable
{
    public const string AdminEmail = "admin@instauploader.local";
    public static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30000 };

    private readonly IBrowserContext context;

    /// <summary>Playwright's 5 s default for assertions is too tight for a Blazor circuit on a loaded 2-core CI machine.</summary>
    static UiSession() => Assertions.SetDefaultExpectTimeout(15_000);

    private UiSession(IBrowserContext context, IPage page, TopologyFixture fx)
    {
        this.context = context;
        Page = page;
        Fx = fx;
    }

    public IPage Page { get; }

    public TopologyFixture Fx { get; }

    public string AdminPassword => Fx.App.Parameter("admin-password");

    public static async Task<UiSession> OpenAsync(BrowserFixture browser, TopologyFixture fx)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = fx.App.GetEndpoint("web").ToString(),
            ViewportSize = new() { Width = 1440, Height = 960 },
        });
        context.SetDefaultTimeout(30000);
        context.SetDefaultNavigationTimeout(60000);
        var page = await context.NewPageAsync();
        return new UiSession(context, page, fx);
    }

    /// <summary>Full page load, then waits until the Blazor circuit has taken over the prerendered markup.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitInteractiveAsync();
    }

    public Task WaitInteractiveAsync() =>
        Assertions.Expect(Page.Locator(".shell[data-interactive]")).ToBeVisibleAsync(Slow);

    public async Task SignInAsync()
    {
        await Page.GotoAsync("account/login");
        await Page.GetByLabel("E-mail").FillAsync(AdminEmail);
        await Page.GetByLabel("Password").FillAsync(AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync(Slow);
        await WaitInteractiveAsync();
    }

    public async Task ScreenshotAsync(string name)
    {
        var dir = Path.Combine(RepoRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    /// <summary>Inputs, selects and textareas with no label, aria-label or aria-labelledby (by id or name).</summary>
    public Task<string[]> UnlabelledInputsAsync() => Page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
            .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
            .map(el => `${el.tagName.toLowerCase()}#${el.id || el.name || '?'}`)
        """);

    // With --artifacts-path the binaries live outside the repo; then the source file's location finds it.
    private static string RepoRoot([CallerFilePath] string source = "") =>
        FindSolution(AppContext.BaseDirectory) ?? FindSolution(Path.GetDirectoryName(source)!)
            ?? throw new InvalidOperationException("InstaUploader.sln not found above " + AppContext.BaseDirectory);

    private static string? FindSolution(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InstaUploader.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
