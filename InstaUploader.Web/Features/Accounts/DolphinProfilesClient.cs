using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Web.Data;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Creates and deletes Dolphin Anty browser profiles for accounts (the bulk action) through Dolphin's remote API
/// (<see cref="DolphinRemoteOptions.RemoteApiUrl"/>, bearer <see cref="DolphinRemoteOptions.ApiToken"/>); the
/// Worker later starts them through the local app. Typed HttpClient.
/// </summary>
public sealed class DolphinProfilesClient(HttpClient http, IOptions<DolphinRemoteOptions> options)
{
    public bool Configured => !string.IsNullOrEmpty(options.Value.ApiToken);

    public static void Configure(IServiceProvider services, HttpClient http)
    {
        var o = services.GetRequiredService<IOptions<DolphinRemoteOptions>>().Value;
        var url = o.RemoteApiUrl.ToString();
        http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        if (!string.IsNullOrEmpty(o.ApiToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiToken);
        }
    }

    /// <summary>A new profile named after the account, with its proxy and an English locale; returns the profile id.</summary>
    public async Task<string> CreateAsync(string name, Proxy? proxy, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("browser_profiles", DolphinProfileCreate.For(name, proxy, options.Value), ct);
        var body = await ReadAsync(response, ct);
        // browserProfileId is an integer (OpenAPI 1.0.7 createBrowserProfile 200); data.id echoes it.
        if (!response.IsSuccessStatusCode || body is not { } b || !b.TryGetProperty("browserProfileId", out var id))
        {
            throw new HttpRequestException($"Dolphin refused to create a profile ({(int)response.StatusCode}): {Describe(body)}");
        }

        return id.ValueKind == JsonValueKind.Number ? id.GetInt64().ToString(CultureInfo.InvariantCulture) : id.GetString()!;
    }

    /// <summary>Deletes a profile for good (forceDelete=1: free plans have no Basket); one that no longer exists is not an error.</summary>
    public async Task DeleteAsync(string profileId, CancellationToken ct)
    {
        using var response = await http.DeleteAsync($"browser_profiles/{Uri.EscapeDataString(profileId)}?forceDelete=1", ct);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new HttpRequestException(
                $"Dolphin refused to delete profile {profileId} ({(int)response.StatusCode}): {Describe(await ReadAsync(response, ct))}");
        }
    }

    private static async Task<JsonElement?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Dolphin's errors are {"error": {"code", "text"}} or a plain {"error": "…"}; never echo the request (it holds the proxy password).
    private static string Describe(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("error", out var error)
            ? error.ValueKind == JsonValueKind.Object && error.TryGetProperty("text", out var text) ? text.ToString() : error.ToString()
            : "no error message";
}
