using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.WebApi;

/// <summary>
/// The bearer the worker presents to the Web: the shared UI_API_TOKEN, or — when WORKER_USERNAME and
/// WORKER_PASSWORD are set — a JWT from seed 003's /api/login/, refreshed 5 minutes before its 24 h expiry.
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
            return o.UiApiToken ?? "";
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
            JsonElement body;
            if (_refresh is not null)
            {
                using var refreshed = await http.PostAsJsonAsync(new Uri(o.UiApiBase, "/api/token/refresh/"), new { refresh = _refresh }, ct);
                if (refreshed.IsSuccessStatusCode)
                {
                    body = await refreshed.Content.ReadFromJsonAsync<JsonElement>(ct);
                    return Store(body);
                }
            }

            using var login = await http.PostAsJsonAsync(new Uri(o.UiApiBase, "/api/login/"), new { username = o.WorkerUsername, password = o.WorkerPassword }, ct);
            login.EnsureSuccessStatusCode();
            body = await login.Content.ReadFromJsonAsync<JsonElement>(ct);
            _refresh = body.GetProperty("refresh").GetString();
            return Store(body);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Store(JsonElement body)
    {
        _access = body.GetProperty("access").GetString()!;
        _expiresAt = time.GetUtcNow() + TimeSpan.FromHours(24);
        return _access;
    }
}
