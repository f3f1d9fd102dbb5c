using System.Net;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Dashboard;

/// <summary>A small developer dashboard on Aspire's port: resources, states, endpoints and recent console logs.</summary>
internal sealed class DashboardServer(int port, DistributedApplication app) : IAsyncDisposable
{
    private WebApplication? _web;

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        _web = builder.Build();

        _web.MapGet("/api/resources", () => Results.Json(app.ResourceNotifications.Snapshots.Select(s => new
        {
            name = s.DisplayName,
            resource = s.Resource,
            replica = s.Replica,
            state = s.State,
            health = s.Health.ToString(),
            pid = s.ProcessId,
            endpoint = s.Endpoint?.ToString(),
            restarts = s.Restarts,
            since = s.Since,
        })));
        _web.MapGet("/api/resources/{name}/logs", (string name, int? replica) =>
            Results.Json(app.GetLogs(name, replica ?? (app.Resources.OfType<ProjectResource>().Any(p => p.Name == name) ? 0 : -1))));
        _web.MapGet("/", () => Results.Content(RenderPage(), "text/html; charset=utf-8"));

        try
        {
            await _web.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Console.Out.WriteLine($"[dashboard] not started: port {port} is busy ({ex.Message})");
            _web = null;
        }
    }

    private string RenderPage()
    {
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
            <title>InstaUploader AppHost</title>
            <style>body{font:14px system-ui;margin:2rem;color:#1f2328}table{border-collapse:collapse;width:100%}
            td,th{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;text-align:left}.Healthy{color:#1a7f37}.Unhealthy,.Exited,.FailedToStart{color:#cf222e}
            pre{background:#f6f8fa;padding:.6rem;max-height:14rem;overflow:auto;font-size:12px}</style></head>
            <body><h1>InstaUploader resources</h1><table><tr><th>Resource</th><th>State</th><th>Health</th><th>PID</th><th>Restarts</th><th>Endpoint</th></tr>
            """);
        foreach (var s in app.ResourceNotifications.Snapshots)
        {
            var url = s.Endpoint is null ? "" : $"<a href=\"{s.Endpoint}\">{s.Endpoint}</a>";
            html.Append($"<tr><td>{Enc(s.DisplayName)}</td><td class=\"{s.State}\">{s.State}</td><td class=\"{s.Health}\">{s.Health}</td><td>{s.ProcessId}</td><td>{s.Restarts}</td><td>{url}</td></tr>");
        }

        html.Append("</table>");
        foreach (var s in app.ResourceNotifications.Snapshots)
        {
            var tail = app.GetLogs(s.Resource, s.Replica).TakeLast(40);
            html.Append($"<h3>{Enc(s.DisplayName)}</h3><pre>{Enc(string.Join('\n', tail))}</pre>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.StopAsync().ConfigureAwait(false);
            await _web.DisposeAsync().ConfigureAwait(false);
        }
    }
}
