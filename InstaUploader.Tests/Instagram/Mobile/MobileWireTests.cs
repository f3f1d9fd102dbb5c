using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>The Sandbox's private API on the wire: envelopes, error bodies and headers as the real server sends them.</summary>
[Collection(SandboxCollection.Name)]
public sealed class MobileWireTests(SandboxFixture sandbox)
{
    private const string AppAgent = "Instagram 428.0.0.47.67 Android (34/14; 480dpi; 1344x2992; Google/google; Pixel 8 Pro; husky; husky; en_US; 961145276)";

    [Fact]
    public async Task Signed_body_login_answers_bad_password_with_the_real_error_shape()
    {
        var username = SandboxFixture.UniqueName("wire");
        await sandbox.RegisterAccountAsync(username, "pw");

        var response = await LoginAsync(username, await EncryptAsync("nope"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("fail", body.GetProperty("status").GetString());
        Assert.Equal("bad_password", body.GetProperty("error_type").GetString());
        Assert.True(body.GetProperty("invalid_credentials").GetBoolean());
    }

    [Fact]
    public async Task Successful_login_sets_ig_set_authorization_and_returns_logged_in_user()
    {
        var username = SandboxFixture.UniqueName("wire");
        var pk = await sandbox.RegisterAccountAsync(username, "pw");

        var response = await LoginAsync(username, await EncryptAsync("pw"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Bearer IGT:2:", response.Headers.GetValues("ig-set-authorization").Single());
        Assert.Equal(pk, body.GetProperty("logged_in_user").GetProperty("pk").GetInt64());
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("POST", true)]
    public async Task Qe_sync_hands_out_the_password_encryption_key(string method, bool asApp)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "api/v1/qe/sync/");
        if (asApp)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", AppAgent);
        }

        var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keyId = int.Parse(response.Headers.GetValues("ig-set-password-encryption-key-id").Single());
        Assert.InRange(keyId, 0, 255);
        var pem = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(response.Headers.GetValues("ig-set-password-encryption-pub-key").Single()));
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(pem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem);
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task Clear_text_password_is_refused_with_invalid_parameters()
    {
        var username = SandboxFixture.UniqueName("wirev0");
        await sandbox.RegisterAccountAsync(username, "pw");

        var response = await LoginAsync(username, "#PWD_INSTAGRAM:0:1700000000:pw");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("fail", body.GetProperty("status").GetString());
        Assert.Equal("invalid_parameters", body.GetProperty("error_type").GetString());
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task A_tampered_encrypted_password_is_a_bad_password()
    {
        var username = SandboxFixture.UniqueName("wiretag");
        await sandbox.RegisterAccountAsync(username, "pw");
        var parts = (await EncryptAsync("pw")).Split(':', 4);
        var payload = Convert.FromBase64String(parts[3]);
        payload[^1] ^= 0x01;

        var response = await LoginAsync(username, $"{parts[0]}:{parts[1]}:{parts[2]}:{Convert.ToBase64String(payload)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_password", body.GetProperty("error_type").GetString());
        Assert.True(body.GetProperty("invalid_credentials").GetBoolean());
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task The_client_logs_in_with_a_v4_password_under_the_Sandbox_key()
    {
        var username = SandboxFixture.UniqueName("wirekey");
        await sandbox.RegisterAccountAsync(username, "pw");
        var sent = new List<string>();
        var client = new InstagramMobileClient(
            new HttpClient(new RecordingHandler(sent, new MobileProxyRoutingHandler())),
            Microsoft.Extensions.Options.Options.Create(new InstaUploader.Instagram.InstagramOptions { ApiBaseUrl = sandbox.BaseUrl }),
            TimeProvider.System);

        var session = await client.LoginAsync(new MobileCredentials(username, "pw"));

        Assert.Equal((await KeyAsync()).KeyId, session.PasswordKey?.KeyId);
        var login = Assert.Single(sent, s => s.Contains("enc_password", StringComparison.Ordinal));
        Assert.Contains("#PWD_INSTAGRAM:4:", login);
        Assert.DoesNotContain("\"pw\"", login);
        Assert.Equal(1, sent.Count(s => s.StartsWith("GET", StringComparison.Ordinal) && s.Contains("qe/sync", StringComparison.Ordinal)));
        session.SignOut();
        await client.LoginAsync(new MobileCredentials(username, "pw"), session);
        Assert.Equal(1, sent.Count(s => s.Contains("qe/sync", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Clients_without_the_app_user_agent_are_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/accounts/login/") { Content = new StringContent("") };
        request.Headers.TryAddWithoutValidation("User-Agent", "curl/8.0");

        var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("useragent mismatch", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Throttled_requests_get_429_with_Retry_After_and_the_please_wait_message()
    {
        var (_, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "wire429");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { RateLimit = 1, RetryAfterSeconds = 7 });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/accounts/current_user/?edit=true");
        request.Headers.TryAddWithoutValidation("User-Agent", AppAgent);
        request.Headers.TryAddWithoutValidation("Authorization", session.Authorization);

        var response = await sandbox.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("Please wait a few minutes before you try again.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Challenge_without_a_mailbox_is_ChallengeRequired_and_no_code_is_consumed()
    {
        var username = SandboxFixture.UniqueName("nomail");
        await sandbox.RegisterAccountAsync(username, "pw", email: $"{username}@mail.sandbox.local", emailPassword: "m",
            faults: new SandboxFaults { Challenge = true });

        var error = await Assert.ThrowsAsync<InstaUploader.Instagram.ChallengeRequiredException>(() =>
            MobileTestKit.Client(sandbox).LoginAsync(new MobileCredentials(username, "pw"), emailCodeReader: MobileImap.Reader(sandbox)));

        Assert.Contains("/challenge/", error.Message);
        Assert.Empty(await sandbox.MailAsync($"{username}@mail.sandbox.local"));
    }

    [Fact]
    public async Task Session_text_never_contains_the_authorization_secret()
    {
        var (_, session, _, _) = await MobileTestKit.LoggedInAsync(sandbox, "secret");

        Assert.DoesNotContain(session.Authorization!, session.ToString());
        Assert.DoesNotContain("s3cret!", new MobileCredentials("u", "s3cret!").ToString());
    }

    [Fact]
    public async Task The_DI_registration_builds_a_working_typed_client()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Instagram:ApiBaseUrl"] = sandbox.BaseUrl.ToString() })
            .Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddInstagramMobileClient().Services
            .BuildServiceProvider();
        var username = SandboxFixture.UniqueName("di");
        await sandbox.RegisterAccountAsync(username, "pw");

        var session = await services.GetRequiredService<InstagramMobileClient>().LoginAsync(new MobileCredentials(username, "pw"));

        Assert.True(session.IsAuthenticated);
    }

    private async Task<MobilePasswordKey> KeyAsync()
    {
        using var response = await sandbox.Http.GetAsync("api/v1/qe/sync/");
        return new MobilePasswordKey(
            int.Parse(response.Headers.GetValues(MobilePasswordKey.KeyIdHeader).Single()),
            response.Headers.GetValues(MobilePasswordKey.PublicKeyHeader).Single());
    }

    private async Task<string> EncryptAsync(string password) =>
        MobilePasswordEncryption.Encrypt(password, await KeyAsync(), DateTimeOffset.UtcNow);

    private Task<HttpResponseMessage> LoginAsync(string username, string encPassword) =>
        PostSignedAsync("api/v1/accounts/login/", new System.Text.Json.Nodes.JsonObject
        {
            ["username"] = username,
            ["enc_password"] = encPassword,
            ["device_id"] = "android-0123456789abcdef",
        }.ToJsonString());

    /// <summary>Notes each request line and body, then passes it on.</summary>
    private sealed class RecordingHandler(List<string> sent, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : Uri.UnescapeDataString(await request.Content.ReadAsStringAsync(cancellationToken));
            lock (sent)
            {
                sent.Add($"{request.Method} {request.RequestUri} {body}");
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> PostSignedAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("signed_body", "SIGNATURE." + json)]),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", AppAgent);
        return await sandbox.Http.SendAsync(request);
    }
}
