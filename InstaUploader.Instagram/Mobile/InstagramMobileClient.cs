using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// A client of Instagram's private mobile API (what the Android app and instagrapi speak): signed form posts to
/// /api/v1/..., resumable uploads to /rupload_*, and the IGT bearer session. It holds no account state: every
/// call takes the account's <see cref="MobileSession"/>, which it updates with what Instagram sets. Failures
/// surface as typed exceptions; retrying and backing off is the caller's policy.
/// </summary>
public sealed partial class InstagramMobileClient(HttpClient http, IOptions<InstagramOptions> options, TimeProvider time)
{
    private readonly Uri _baseUrl = WithTrailingSlash(options.Value.ApiBaseUrl);
    private readonly TimeSpan _transcodePollInterval = options.Value.TranscodePollInterval;
    private readonly int _transcodePollAttempts = options.Value.TranscodePollAttempts;
    private readonly MobileAppIdentity _app = options.Value.App;

    /// <summary>How long a checkpoint waits for the e-mailed code.</summary>
    public TimeSpan ChallengeCodeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    private Task<JsonObject> GetAsync(MobileSession session, string path, CancellationToken ct) =>
        SendAsync(session, HttpMethod.Get, path, content: null, ct);

    private Task<JsonObject> PostSignedAsync(MobileSession session, string path, JsonObject data, CancellationToken ct) =>
        SendAsync(session, HttpMethod.Post, path, SignedBody(data), ct);

    private async Task<JsonObject> SendAsync(MobileSession session, HttpMethod method, string path, HttpContent? content, CancellationToken ct) =>
        (await SendRawAsync(session, method, path, content, configure: null, ct)).EnsureOk();

    private async Task<MobileResponse> SendRawAsync(
        MobileSession session, HttpMethod method, string path, HttpContent? content, Action<HttpRequestMessage>? configure, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, path)) { Content = content };
        MobileRequestHeaders.Apply(request, session, _app, time.GetUtcNow());
        request.Options.Set(MobileProxyRoutingHandler.ProxyOption, session.Proxy);
        configure?.Invoke(request);

        try
        {
            using var response = await http.SendAsync(request, ct);
            EnsureRouted(request, session);
            if (session.Proxy is { } proxy && MobileProxyFailure.IsRejection(response))
            {
                throw MobileProxyFailure.Rejected(proxy, response.StatusCode);
            }

            MobileRequestHeaders.Capture(response, session);
            var text = await response.Content.ReadAsStringAsync(ct);
            return new MobileResponse(response.StatusCode, TryParse(text), text, RetryAfter(response));
        }
        catch (HttpRequestException e) when (session.Proxy is { } proxy && !ct.IsCancellationRequested && MobileProxyFailure.From(proxy, e) is { } failure)
        {
            throw failure;
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            throw new InstagramApiException($"No answer from Instagram for {method} /{path}: {e.Message}", e);
        }
    }

    /// <summary>A session with a proxy must never leave directly: the HttpClient needs <see cref="MobileProxyRoutingHandler"/>.</summary>
    private static void EnsureRouted(HttpRequestMessage request, MobileSession session)
    {
        if (session.Proxy is not null && !(request.Options.TryGetValue(MobileProxyRoutingHandler.RoutedOption, out var routed) && routed))
        {
            throw new InvalidOperationException(
                $"The mobile client's HttpClient has no {nameof(MobileProxyRoutingHandler)}, so the account's proxy would be ignored.");
        }
    }

    /// <summary><c>signed_body=SIGNATURE.&lt;json&gt;</c>: the app no longer signs with a key, but keeps the envelope.</summary>
    internal static FormUrlEncodedContent SignedBody(JsonObject data) =>
        new([new KeyValuePair<string, string>("signed_body", "SIGNATURE." + data.ToJsonString())]);

    /// <summary>Fields every device-bound request carries (instagrapi mixins/auth.py:1317-1332 with_default_data: no _uid).</summary>
    private static JsonObject WithDevice(MobileSession session, JsonObject data)
    {
        data["_uuid"] = session.Device.Uuid;
        data["device_id"] = session.Device.AndroidDeviceId;
        return data;
    }

    /// <summary><see cref="WithDevice"/> plus the acting user's _uid, as the reference's actions (like, follow, feeds) send it.</summary>
    private static JsonObject WithUser(MobileSession session, JsonObject data)
    {
        if (session.UserPk is { } pk)
        {
            data["_uid"] = pk.ToString();
        }

        return WithDevice(session, data);
    }

    private static MobileSession RequireLogin(MobileSession session) =>
        session.IsAuthenticated ? session : throw new LoginRequiredException("The session is not logged in; call LoginAsync first.");

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
