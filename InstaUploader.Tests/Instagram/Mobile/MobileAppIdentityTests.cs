using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Tests.Conformance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>
/// The app identity as data: its defaults are the reference's current ones, configuration changes it without a
/// release, the client presents it on the wire, and the Sandbox refuses builds Instagram no longer serves.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class MobileAppIdentityTests(SandboxFixture sandbox)
{
    private const string OldVersion = "364.0.0.35.86";
    private const string OldBloksId = "8ccf54aad76788a6ca03ddfc33afcdcf692f2f5a3ba814ea73d5facba7fa2c2d";

    [Fact]
    public void The_embedded_data_set_is_the_reference_clients_current_app_and_device()
    {
        var config = File.ReadAllText(Path.Combine(ReferenceClient.Reference, "instagrapi", "config.py"));
        string Value(string pattern) => Regex.Match(config, pattern).Groups[1].Value;
        var version = Value("DEFAULT_APP_VERSION = \"([^\"]+)\"");
        var current = config[config.IndexOf("DEFAULT_APP_VERSION: {", StringComparison.Ordinal)..];

        var app = MobileAppIdentity.Embedded();
        var device = Assert.Single(app.Devices);

        Assert.Equal(version, app.Version);
        Assert.Equal(Regex.Match(current, "\"version_code\": \"([^\"]+)\"").Groups[1].Value, app.VersionCode);
        Assert.Equal(Regex.Match(current, "\"bloks_versioning_id\": \"([^\"]+)\"").Groups[1].Value, app.BloksVersionId);
        Assert.Equal(int.Parse(Value("\"android_version\": (\\d+)"), System.Globalization.CultureInfo.InvariantCulture), device.AndroidVersion);
        Assert.Equal(Value("\"manufacturer\": \"([^\"]+)\""), device.Manufacturer);
        Assert.Equal(Value("\"model\": \"([^\"]+)\""), device.Model);
        Assert.Equal(Value("\"resolution\": \"([^\"]+)\""), device.Resolution);
        Assert.Empty(app.Problems());
        // The reference's own example of the format (config.py:3-6).
        Assert.Equal(
            "Instagram 428.0.0.47.67 Android (34/14; 480dpi; 1344x2992; Google/google; Pixel 8 Pro; husky; husky; en_US; 961145276)",
            app.UserAgent(device));
    }

    [Fact]
    public void Configuration_overrides_the_version_and_a_file_replaces_the_data_set()
    {
        var file = Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.json");
        var replacement = JsonSerializer.Serialize(MobileAppIdentity.Embedded()).Replace("Pixel 8 Pro", "Pixel 9", StringComparison.Ordinal);
        File.WriteAllText(file, replacement);

        var options = Options(new()
        {
            ["Instagram:App:File"] = file,
            ["Instagram:App:Version"] = OldVersion,
            ["Instagram:App:BloksVersionId"] = OldBloksId,
        });

        Assert.Equal(OldVersion, options.App.Version);
        Assert.Equal(OldBloksId, options.App.BloksVersionId);
        Assert.Equal("Pixel 9", Assert.Single(options.App.Devices).Model);
        Assert.StartsWith($"Instagram {OldVersion} Android (34/14;", options.App.UserAgent(options.App.Devices[0]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BloksVersionId", "derived-from-the-user-agent")]
    [InlineData("Version", "latest")]
    [InlineData("VersionCode", "v1")]
    public void An_identity_the_client_could_not_present_fails_validation(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { [$"Instagram:App:{key}"] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_presents_the_data_sets_user_agent_and_bloks_id_and_upgrades_a_saved_269_session()
    {
        var username = SandboxFixture.UniqueName("ident");
        await sandbox.RegisterAccountAsync(username, "pw");
        var sent = new List<HttpRequestMessage>();
        var client = new InstagramMobileClient(new HttpClient(new Capture(sent, new MobileProxyRoutingHandler())),
            Microsoft.Extensions.Options.Options.Create(new InstagramOptions { ApiBaseUrl = sandbox.BaseUrl }), TimeProvider.System);
        var saved = MobileSession.FromJson(
            """{"device":{"android_device_id":"android-0123456789abcdef","uuid":"u","phone_id":"p","client_session_id":"c","advertising_id":"a","user_agent":"Instagram 269.0.0.18.75 Android (26/8.0.0; 480dpi; 1080x1920; OnePlus; 6T Dev; devitron; qcom; en_US; 314665256)"}}""");

        var session = await client.LoginAsync(new MobileCredentials(username, "pw"), saved);

        var app = MobileAppIdentity.Embedded();
        var login = Assert.Single(sent, r => r.RequestUri!.AbsolutePath.EndsWith("/accounts/login/", StringComparison.Ordinal));
        Assert.Equal(app.UserAgent(app.Devices[0]), login.Headers.UserAgent.ToString());
        Assert.Equal(app.BloksVersionId, login.Headers.GetValues("X-Bloks-Version-Id").Single());
        Assert.Equal("android-0123456789abcdef", session.Device.AndroidDeviceId);
        Assert.Equal(app.Devices[0], MobileSession.FromJson(session.ToJson()).Device.Profile);
    }

    [Fact]
    public async Task An_app_version_Instagram_no_longer_serves_gets_needs_upgrade_and_the_client_a_typed_error()
    {
        var username = SandboxFixture.UniqueName("oldapp");
        await sandbox.RegisterAccountAsync(username, "pw");
        var old = MobileAppIdentity.Embedded();
        old.Version = OldVersion;
        old.VersionCode = "374010953";
        old.BloksVersionId = OldBloksId;
        var client = new InstagramMobileClient(new HttpClient(new MobileProxyRoutingHandler()),
            Microsoft.Extensions.Options.Options.Create(new InstagramOptions { ApiBaseUrl = sandbox.BaseUrl, App = old }), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AppVersionRefusedException>(() => client.LoginAsync(new MobileCredentials(username, "pw")));

        Assert.Contains("needs_upgrade", error.Message, StringComparison.Ordinal);
        Assert.Contains("Instagram:App", error.Message, StringComparison.Ordinal);
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Theory]
    [InlineData("Instagram 364.0.0.35.86 Android (34/14; 480dpi; 1344x2992; Google/google; Pixel 8 Pro; husky; husky; en_US; 374010953)", OldBloksId)]
    [InlineData("Instagram 428.0.0.47.67 Android (34/14; 480dpi; 1344x2992; Google/google; Pixel 8 Pro; husky; husky; en_US; 961145276)", OldBloksId)]
    public async Task An_old_build_or_a_bloks_id_of_another_build_is_answered_needs_upgrade(string userAgent, string bloksId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/launcher/sync/") { Content = new StringContent("") };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.TryAddWithoutValidation("X-Bloks-Version-Id", bloksId);

        var response = await sandbox.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("needs_upgrade", body.GetProperty("error_type").GetString());
        Assert.Equal("fail", body.GetProperty("status").GetString());
        Assert.StartsWith("Your version of Instagram is out of date.", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static InstagramOptions Options(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddInstagramOptions();
        return services.BuildServiceProvider().GetRequiredService<IOptions<InstagramOptions>>().Value;
    }

    private sealed class Capture(List<HttpRequestMessage> sent, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
