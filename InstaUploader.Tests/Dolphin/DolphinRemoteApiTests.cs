using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace InstaUploader.Tests.Dolphin;

/// <summary>The Sandbox's Dolphin remote API refuses what the real one refuses: no token, missing fingerprint fields, a delete without forceDelete.</summary>
public sealed class DolphinRemoteApiTests(DolphinSandbox sandbox) : IClassFixture<DolphinSandbox>
{
    /// <summary>A create body with every field the API requires.</summary>
    public static JsonObject ValidProfile(string name, object? proxy = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["platform"] = "windows",
            ["platformVersion"] = "10.0.0",
            ["browserType"] = "anty",
            ["useragent"] = new JsonObject { ["mode"] = "manual", ["value"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36" },
            ["webrtc"] = new JsonObject { ["mode"] = "altered" },
            ["canvas"] = new JsonObject { ["mode"] = "real" },
            ["webgl"] = new JsonObject { ["mode"] = "real" },
            ["locale"] = new JsonObject { ["mode"] = "manual", ["value"] = "en-US" },
        };
        if (proxy is not null)
        {
            body["proxy"] = JsonSerializer.SerializeToNode(proxy);
        }

        return body;
    }

    [Theory]
    [InlineData("name")]
    [InlineData("platform")]
    [InlineData("platformVersion")]
    [InlineData("browserType")]
    [InlineData("useragent")]
    [InlineData("webrtc")]
    [InlineData("canvas")]
    [InlineData("webgl")]
    public async Task A_profile_without_a_required_field_is_refused_naming_it(string field)
    {
        using var remote = sandbox.Remote();
        var body = ValidProfile("missing-" + field);
        body.Remove(field);

        using var response = await remote.PostAsJsonAsync("browser_profiles", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("E_VALIDATION", error.GetProperty("code").GetString());
        Assert.True(error.GetProperty("fields").TryGetProperty(field, out _), error.ToString());
    }

    [Fact]
    public async Task A_manual_user_agent_without_its_value_is_refused()
    {
        using var remote = sandbox.Remote();
        var body = ValidProfile("ua-without-value");
        body["useragent"] = new JsonObject { ["mode"] = "manual" };

        using var response = await remote.PostAsJsonAsync("browser_profiles", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("useragent.value", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("someone-elses-token")]
    public async Task Without_the_panel_token_the_remote_api_answers_401(string? bearer)
    {
        using var remote = sandbox.Remote(bearer);

        using var create = await remote.PostAsJsonAsync("browser_profiles", ValidProfile("no-token"));
        using var list = await remote.GetAsync("browser_profiles");

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task Delete_without_forceDelete_is_refused_and_keeps_the_profile()
    {
        using var remote = sandbox.Remote();
        var id = await CreateAsync(remote, "to-delete");

        using var refused = await remote.DeleteAsync($"browser_profiles/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var still = await remote.GetAsync($"browser_profiles/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }

        using var deleted = await remote.DeleteAsync($"browser_profiles/{id}?forceDelete=1");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await remote.GetAsync($"browser_profiles/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("E_BROWSER_PROFILE_NOT_FOUND", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Patch_renames_and_sets_the_locale()
    {
        using var remote = sandbox.Remote();
        var id = await CreateAsync(remote, "before");

        using var patched = await remote.PatchAsJsonAsync($"browser_profiles/{id}", new { name = "after", locale = new { mode = "manual", value = "en-GB" } });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var data = (await remote.GetFromJsonAsync<JsonElement>($"browser_profiles/{id}")).GetProperty("data");
        Assert.Equal("after", data.GetProperty("name").GetString());
        Assert.Equal("en-GB", data.GetProperty("locale").GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_local_api_refuses_to_start_a_profile_the_remote_api_does_not_have()
    {
        using var local = new HttpClient { BaseAddress = sandbox.BaseUrl };
        local.DefaultRequestHeaders.Authorization = new("Bearer", DolphinSandbox.Token);

        using var response = await local.GetAsync("v1.0/browser_profiles/987654321/start?automation=1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
    }

    private static async Task<long> CreateAsync(HttpClient remote, string name)
    {
        using var response = await remote.PostAsJsonAsync("browser_profiles", ValidProfile(name));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(body.GetProperty("browserProfileId").GetInt64(), body.GetProperty("data").GetProperty("id").GetInt64());
        return body.GetProperty("browserProfileId").GetInt64();
    }
}
