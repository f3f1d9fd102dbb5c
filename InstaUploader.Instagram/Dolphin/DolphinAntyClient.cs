using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Dolphin;

/// <summary>
/// Client of Dolphin Anty's local API (<c>/v1.0/...</c>): start a browser profile for automation and get its
/// DevTools websocket, stop it. Typed HttpClient; the base address is <see cref="DolphinOptions.ApiHost"/>.
/// </summary>
public sealed class DolphinAntyClient(HttpClient http, IOptions<DolphinOptions> options, ILogger<DolphinAntyClient> logger)
{
    private readonly SemaphoreSlim _login = new(1, 1);
    private bool _loggedIn;

    /// <summary>Starts the profile (or finds it already running) and returns its DevTools endpoint.</summary>
    public async Task<DolphinAutomationEndpoint> StartProfileAsync(string profileId, CancellationToken ct = default)
    {
        await EnsureLoggedInAsync(ct);
        using var response = await http.GetAsync(ProfileUrl(profileId, "start?automation=1"), ct);
        var body = await ReadAsync<StartResponse>(response, $"start profile {profileId}", ct);
        if (body.Automation is not { Port: > 0, WsEndpoint: { Length: > 0 } ws })
        {
            throw new DolphinAntyException($"Dolphin started profile {profileId} without an automation endpoint.");
        }

        // The browser runs on the same machine as the Dolphin app, so its DevTools port is on the API's host.
        var wsUrl = new UriBuilder("ws", ApiHost.Host, body.Automation.Port, ws).Uri;
        logger.LogInformation("Dolphin profile {ProfileId} started, DevTools port {Port}", profileId, body.Automation.Port);
        return new DolphinAutomationEndpoint(profileId, body.Automation.Port, ws, wsUrl);
    }

    /// <summary>Stops the profile's browser; stopping a profile that is not running is not an error.</summary>
    public async Task StopProfileAsync(string profileId, CancellationToken ct = default)
    {
        await EnsureLoggedInAsync(ct);
        using var response = await http.GetAsync(ProfileUrl(profileId, "stop"), ct);
        await ReadAsync<SuccessResponse>(response, $"stop profile {profileId}", ct);
        logger.LogInformation("Dolphin profile {ProfileId} stopped", profileId);
    }

    /// <summary>Signs the local app in with <see cref="DolphinOptions.ApiToken"/>; a no-op without a token.</summary>
    public async Task LoginWithTokenAsync(CancellationToken ct = default)
    {
        var token = options.Value.ApiToken;
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        using var response = await http.PostAsJsonAsync("v1.0/auth/login-with-token", new { token }, ct);
        await ReadAsync<SuccessResponse>(response, "login with token", ct);
    }

    private Uri ApiHost => http.BaseAddress ?? options.Value.ApiHost;

    private static string ProfileUrl(string profileId, string action) =>
        $"v1.0/browser_profiles/{Uri.EscapeDataString(profileId)}/{action}";

    private async Task EnsureLoggedInAsync(CancellationToken ct)
    {
        if (_loggedIn || string.IsNullOrEmpty(options.Value.ApiToken))
        {
            return;
        }

        await _login.WaitAsync(ct);
        try
        {
            if (!_loggedIn)
            {
                await LoginWithTokenAsync(ct);
                _loggedIn = true;
            }
        }
        finally
        {
            _login.Release();
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string what, CancellationToken ct) where T : SuccessResponse
    {
        T? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync<T>(ct);
        }
        catch (System.Text.Json.JsonException)
        {
            // Fall through to the status-based message below.
        }

        if (response.IsSuccessStatusCode && body is { Success: true })
        {
            return body;
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            _loggedIn = false;
        }

        throw new DolphinAntyException(string.Create(CultureInfo.InvariantCulture,
            $"Dolphin Anty could not {what}: HTTP {(int)response.StatusCode} {body?.Error ?? body?.Message ?? response.ReasonPhrase}"));
    }

    private class SuccessResponse
    {
        [JsonPropertyName("success")] public bool Success { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }
    }

    private sealed class StartResponse : SuccessResponse
    {
        [JsonPropertyName("automation")] public AutomationInfo? Automation { get; set; }
    }

    private sealed class AutomationInfo
    {
        [JsonPropertyName("port")] public int Port { get; set; }
        [JsonPropertyName("wsEndpoint")] public string? WsEndpoint { get; set; }
    }
}
