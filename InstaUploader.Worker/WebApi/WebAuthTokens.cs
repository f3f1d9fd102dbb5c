using System.Net.Http.Json;
using InstaUploader.Contracts.Auth;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.WebApi;

/// <summary>
/// The bearer the worker presents to the Web: the worker token, or — when WORKER_USERNAME and
/// WORKER_PASSWORD are set — a JWT from /api/login/ (docs/protocol.md), refreshed 5 minutes before its 24 h expiry.
/// </summary>
public sealed class WebAuthTokens(IHttpClientFactory factory, IOptions<WorkerOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _access;
    private string? _refresh;
    private DateTimeOffset _expiresAt;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.WorkerUsername) || string.IsNullOrEmpty(o.WorkerPassword))
        {
            return o.WorkerToken ?? "";
        }

        if (_access is not null && time.GetUtcNow() < _expiresAt - TimeSpan.FromMinutes(5))
        {
            return _access;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_access is not null && time.GetUtcNow() < _expiresAt - TimeSpan.FromMinutes(5))
            {
                return _access;
            }

            using var http = factory.CreateClient("ui-auth");
            if (_refresh is not null)
            {
                using var refreshed = await http.PostAsJsonAsync(new Uri(o.WebBaseUrl, AuthRoutes.Refresh), new RefreshRequest(_refresh), ProtocolJson.Options, ct);
                if (refreshed.IsSuccessStatusCode)
                {
                    var renewed = await refreshed.Content.ReadFromJsonAsync<RefreshAnswer>(ProtocolJson.Options, ct);
                    return Store(renewed!.Access);
                }
            }

            using var login = await http.PostAsJsonAsync(new Uri(o.WebBaseUrl, AuthRoutes.Login), new LoginRequest(o.WorkerUsername, o.WorkerPassword), ProtocolJson.Options, ct);
            login.EnsureSuccessStatusCode();
            var signedIn = await login.Content.ReadFromJsonAsync<LoginAnswer>(ProtocolJson.Options, ct);
            _refresh = signedIn!.Refresh;
            return Store(signedIn.Access);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Store(string access)
    {
        _access = access;
        _expiresAt = time.GetUtcNow() + TimeSpan.FromHours(24);
        return _access;
    }
}
