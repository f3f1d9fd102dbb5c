using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Dolphin;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>The Dolphin stand-in's profiles: created with a proxy, launched with the flags this host needs, killed on stop.</summary>
public sealed class DolphinProfileApiTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Fact]
    public async Task Profile_with_proxy_launches_headless_chromium_with_it_and_stop_ends_the_process()
    {
        using var remote = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl, "dolphin-anty-api/") };
        remote.DefaultRequestHeaders.Authorization = new("Bearer", "any-token");
        using var created = await remote.PostAsJsonAsync("browser_profiles", DolphinRemoteApiTests.ValidProfile("reels-01",
            proxy: new { type = "http", host = "10.1.2.3", port = 8080, login = "u", password = "p" }));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var profileId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("browserProfileId").GetInt64().ToString(CultureInfo.InvariantCulture);

        await sandbox.Dolphin.StartProfileAsync(profileId);
        var listed = await sandbox.Http.GetFromJsonAsync<JsonElement>("sandbox/api/dolphin/profiles");
        var profile = listed.EnumerateArray().Single(p => p.GetProperty("id").GetString() == profileId);
        Assert.True(profile.GetProperty("running").GetBoolean());
        var pid = profile.GetProperty("pid").GetInt32();

        var cmdline = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0');
        Assert.Contains("--proxy-server=http://10.1.2.3:8080", cmdline);
        Assert.Contains("--headless=new", cmdline);
        Assert.Contains("--disable-background-networking", cmdline);
        Assert.Contains(cmdline, a => a.StartsWith("--user-data-dir=", StringComparison.Ordinal) && a.EndsWith(profileId, StringComparison.Ordinal));

        await sandbox.Dolphin.StopProfileAsync(profileId);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }
}
