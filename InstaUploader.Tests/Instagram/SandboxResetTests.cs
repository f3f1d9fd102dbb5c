using System.Net;

namespace InstaUploader.Tests.Instagram;

/// <summary>
/// /sandbox/api/reset forgets web sessions too. Runs on its own Sandbox: a reset of the shared one would pull the
/// accounts from under the other tests of its collection.
/// </summary>
public sealed class SandboxResetTests : IAsyncLifetime
{
    private readonly SandboxFixture _sandbox = new();
    private readonly CookieContainer _cookies = new();

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task A_web_session_cookie_issued_before_a_reset_is_not_logged_in_after_it()
    {
        var username = SandboxFixture.UniqueName("reset");
        await _sandbox.RegisterAccountAsync(username, "pw-reset");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false })
        {
            BaseAddress = _sandbox.BaseUrl,
        };
        await WebLoginAsync(browser, username, "pw-reset");
        Assert.Equal(HttpStatusCode.OK, await EditProfileStatusAsync(browser));

        await _sandbox.ResetAsync();
        // The same account again, so only a forgotten session (not a missing account) can log the cookie out.
        await _sandbox.RegisterAccountAsync(username, "pw-reset");

        Assert.Equal(HttpStatusCode.Redirect, await EditProfileStatusAsync(browser));
    }

    /// <summary>The login page's XHR as instagram.com's script sends it: csrftoken double submit, enc_password version 0.</summary>
    private async Task WebLoginAsync(HttpClient browser, string username, string password)
    {
        using var page = await browser.GetAsync("accounts/login/");
        page.EnsureSuccessStatusCode();
        var csrf = _cookies.GetCookies(browser.BaseAddress!)["csrftoken"]?.Value ?? throw new InvalidOperationException("No csrftoken cookie");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/web/accounts/login/ajax/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = username,
                ["enc_password"] = $"#PWD_INSTAGRAM_BROWSER:0:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}:{password}",
            }),
        };
        request.Headers.Add("X-CSRFToken", csrf);
        using var response = await browser.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.NotNull(_cookies.GetCookies(browser.BaseAddress!)["sessionid"]);
    }

    private static async Task<HttpStatusCode> EditProfileStatusAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("accounts/edit/");
        return response.StatusCode;
    }
}
