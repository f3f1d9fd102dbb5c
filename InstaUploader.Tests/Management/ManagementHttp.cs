using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace InstaUploader.Tests.Management;

/// <summary>Small helpers for the management API tests: unique names, JSON bodies and ProblemDetails checks.</summary>
internal static class ManagementHttp
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A username no other test (or earlier run) uses: the database is shared by the collection.</summary>
    public static string UniqueUsername(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..30];

    /// <summary>A random 32-character base32 TOTP seed.</summary>
    public static string NewTwoFactorSeed() =>
        new(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).Take(32).Select(b => Base32Alphabet[b % 32]).ToArray());

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonElement Body, string Raw)> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var body = raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement.Clone();
        return (response.StatusCode, body, raw);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body, string Raw)> PostJsonAsync(HttpClient client, string url, object body) =>
        SendAsync(client, HttpMethod.Post, url, JsonContent.Create(body));

    public static Task<(HttpStatusCode Status, JsonElement Body, string Raw)> PutJsonAsync(HttpClient client, string url, object body) =>
        SendAsync(client, HttpMethod.Put, url, JsonContent.Create(body));

    public static Task<(HttpStatusCode Status, JsonElement Body, string Raw)> GetAsync(HttpClient client, string url) =>
        SendAsync(client, HttpMethod.Get, url);

    public static Task<(HttpStatusCode Status, JsonElement Body, string Raw)> DeleteAsync(HttpClient client, string url) =>
        SendAsync(client, HttpMethod.Delete, url);

    /// <summary>Asserts a ProblemDetails with this status and returns its field errors (empty when it has none).</summary>
    public static Dictionary<string, string[]> AssertProblem((HttpStatusCode Status, JsonElement Body, string Raw) response, HttpStatusCode expected)
    {
        Assert.True(expected == response.Status, $"Expected {(int)expected}, got {(int)response.Status}: {response.Raw}");
        Assert.Equal((int)expected, response.Body.GetProperty("status").GetInt32());
        return response.Body.TryGetProperty("errors", out var errors)
            ? errors.Deserialize<Dictionary<string, string[]>>()!
            : [];
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
