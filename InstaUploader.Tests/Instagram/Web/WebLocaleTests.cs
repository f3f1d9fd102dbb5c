using InstaUploader.Instagram.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>
/// The Sandbox answers in the browser's language, as instagram.com does; every browser context the automation
/// opens asks for English, so English labels keep working for accounts whose browser would get another language.
/// </summary>
public sealed class WebLocaleTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Theory]
    [InlineData("es-ES,es;q=0.9", null, "Contraseña")]
    [InlineData("en-US,en;q=0.9", null, "Password")]
    [InlineData("es-ES,es;q=0.9", "en", "Password")]
    public async Task The_login_page_speaks_the_browsers_language_unless_hl_says_otherwise(string acceptLanguage, string? hl, string passwordLabel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "accounts/login/" + (hl is null ? "" : "?hl=" + hl));
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        using var response = await sandbox.Http.SendAsync(request);

        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"aria-label=\"{passwordLabel}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_that_would_get_Spanish_pages_still_logs_in_and_follows_because_contexts_are_English()
    {
        var target = WebSandboxFixture.Unique("target");
        await EndToEnd.SandboxControl.AddProfileAsync(sandbox.Http, target, 1);
        var username = WebSandboxFixture.Unique("hablo");
        await sandbox.RegisterAccountAsync(username, "hunter22");
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));

        // The same Chromium, in a context left to a Spanish locale, is served Spanish labels our selectors do not know.
        await using (var spanish = await session.Context.Browser!.NewContextAsync(new() { Locale = "es-ES" }))
        {
            var page = await spanish.NewPageAsync();
            await page.GotoAsync(new Uri(sandbox.BaseUrl, "accounts/login/").ToString());
            Assert.True(await page.GetByLabel("Contraseña").IsVisibleAsync());
            Assert.Equal(0, await page.GetByLabel("Password", new() { Exact = true }).CountAsync());
        }

        var pages = new List<IRequest>();
        session.Page.Request += (_, r) => { if (r.ResourceType == "document") { pages.Add(r); } };
        await sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22"));
        Assert.True(await sandbox.Services.GetRequiredService<WebProfileActions>().FollowAsync(session.Page, target));

        Assert.Equal("en-US", await session.Page.EvaluateAsync<string>("navigator.language"));
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            Assert.StartsWith("en-US", (await page.AllHeadersAsync())["accept-language"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_Dolphin_profile_is_asked_for_English_pages()
    {
        var username = WebSandboxFixture.Unique("dolphes");
        await sandbox.RegisterAccountAsync(username, "hunter22");
        await sandbox.AddDolphinProfileAsync("7003");
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username, DolphinProfileId: "7003"));

        var request = await session.Page.RunAndWaitForRequestAsync(
            () => session.Page.GotoAsync(new Uri(sandbox.BaseUrl, "accounts/login/").ToString()),
            r => r.Url.Contains("/accounts/login/", StringComparison.Ordinal));

        Assert.StartsWith("en-US", (await request.AllHeadersAsync())["accept-language"], StringComparison.Ordinal);
        Assert.True(await session.Page.GetByLabel("Password", new() { Exact = true }).IsVisibleAsync());
    }
}
