using InstaUploader.Instagram.Web;
using InstaUploader.Instagram.Web.Selectors;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>The canary walks the web flows with one account and names the first step whose page no longer matches.</summary>
public sealed class WebCanaryTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    private WebCanary Canary => sandbox.Services.GetRequiredService<WebCanary>();

    [Fact]
    public async Task Every_step_matches_the_Sandboxs_pages()
    {
        var target = WebSandboxFixture.Unique("canaryt");
        await EndToEnd.SandboxControl.AddProfileAsync(sandbox.Http, target, 2);
        var username = WebSandboxFixture.Unique("canary");
        await sandbox.RegisterAccountAsync(username, "hunter22");
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));

        var report = await Canary.RunAsync(session.Page, new WebCredentials(username, "hunter22"), target);

        Assert.True(report.Healthy, string.Join("; ", report.Steps.Select(s => $"{s.Name}: {s.Passed} {s.Detail}")));
        Assert.Equal(["login form", "log in", "home feed", "create dialog", "profile page", "profile editor"], report.Steps.Select(s => s.Name));
        Assert.Equal(WebSelectors.English.Version, report.SelectorsVersion);
    }

    [Fact]
    public async Task Pages_in_another_language_break_at_the_first_English_only_text_and_the_walk_stops_there()
    {
        await EndToEnd.SandboxControl.AddProfileAsync(sandbox.Http, WebSandboxFixture.Unique("canaryp"), 1);
        var username = WebSandboxFixture.Unique("canaryes");
        await sandbox.RegisterAccountAsync(username, "hunter22");
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        // A context not forced to English stands in for a site whose words changed. The login form still matches
        // through its type fallbacks; the feed's like button has only its label to go by.
        await using var spanish = await session.Context.Browser!.NewContextAsync(new() { Locale = "es-ES" });
        var page = await spanish.NewPageAsync();

        var report = await Canary.RunAsync(page, new WebCredentials(username, "hunter22"));

        Assert.Equal(["login form", "log in", "home feed"], report.Steps.Select(s => s.Name));
        var broken = report.Steps[^1];
        Assert.False(broken.Passed);
        Assert.Contains("Like button", broken.Detail);
        Assert.Same(broken, report.FirstBroken);
        Assert.False(report.Healthy);
    }
}
