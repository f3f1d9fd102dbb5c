using System.Net.Http.Json;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// The fleet alarm: when more than AlertShare of the accounts left healthy within the last hour, records an alert
/// (the dashboard's banner reads it) and POSTs it to AlertWebhookUrl, at most once an hour.
/// </summary>
public sealed class PacingAlerts(AppDbContext db, IOptions<PacingOptions> options, TimeProvider time, IHttpClientFactory http, ILogger<PacingAlerts> logger)
{
    public const string WebhookClient = "pacing-alerts";
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task CheckAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var since = now - Window;
        var total = await db.Accounts.CountAsync(ct);
        var left = await db.PacingEvents
            .Where(e => e.Kind == PacingEventKinds.Health && e.At > since && e.PreviousHealth == AccountHealth.Healthy && e.Health != AccountHealth.Healthy)
            .Select(e => e.AccountId).Distinct().CountAsync(ct);
        if (total == 0 || (double)left / total <= o.AlertShare
            || await db.PacingEvents.AnyAsync(e => e.Kind == PacingEventKinds.Alert && e.At > since, ct))
        {
            return;
        }

        var reason = $"{left} of {total} accounts ({(double)left / total:P0}) left healthy within the last hour (alert above {o.AlertShare:P0})";
        db.PacingEvents.Add(new PacingEvent { At = now, Kind = PacingEventKinds.Alert, Pace = 1, Reason = reason });
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Pacing alert: {Reason}", reason);
        if (o.AlertWebhookUrl is { } url)
        {
            try
            {
                using var response = await http.CreateClient(WebhookClient).PostAsJsonAsync(url, new { text = reason, accounts = total, unhealthy = left, at = now }, ct);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("Pacing alert webhook answered {Status}", (int)response.StatusCode);
                }
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning("Pacing alert webhook failed: {Error}", ex.Message);
            }
        }
    }
}
