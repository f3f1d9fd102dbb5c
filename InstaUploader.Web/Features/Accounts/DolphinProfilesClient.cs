using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Creates and deletes Dolphin Anty browser profiles for accounts (the bulk action). The address is
/// <c>Dolphin:ApiHost</c>, else the Sandbox's (it stands in for Dolphin's API); <c>Dolphin:ApiToken</c> is sent as a bearer.
/// </summary>
public sealed class DolphinProfilesClient(HttpClient http)
{
    public bool Configured => http.BaseAddress is not null;

    public static void Configure(IServiceProvider services, HttpClient http)
    {
        var config = services.GetRequiredService<IConfiguration>();
        if ((config["Dolphin:ApiHost"] ?? config["services:sandbox:http:0"]) is { Length: > 0 } host)
        {
            http.BaseAddress = new Uri(host.EndsWith('/') ? host : host + "/");
        }

        if (config["Dolphin:ApiToken"] is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>A new profile named after the account, with its proxy; returns the profile id.</summary>
    public async Task<string> CreateAsync(string name, Proxy? proxy, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("v1.0/browser_profiles", new
        {
            name,
            proxy = proxy is null ? null : new { type = proxy.Scheme, host = proxy.Host, port = proxy.Port, login = proxy.Username, password = proxy.Password },
        }, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (!response.IsSuccessStatusCode || !body.TryGetProperty("browserProfileId", out var id))
        {
            throw new HttpRequestException($"Dolphin refused to create a profile ({(int)response.StatusCode}): {body}");
        }

        return id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()!;
    }

    /// <summary>Deletes a profile; one that no longer exists is not an error.</summary>
    public async Task DeleteAsync(string profileId, CancellationToken ct)
    {
        using var response = await http.DeleteAsync($"v1.0/browser_profiles/{Uri.EscapeDataString(profileId)}", ct);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            throw new HttpRequestException($"Dolphin refused to delete profile {profileId} ({(int)response.StatusCode}).");
        }
    }
}
