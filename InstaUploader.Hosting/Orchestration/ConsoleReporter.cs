using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Orchestration;

/// <summary>Prints the resource table (name, state, health, URL) the way Aspire's console summarises a run.</summary>
internal sealed class ConsoleReporter(DistributedApplication app)
{
    public void PrintTable(TimeSpan startup)
    {
        var rows = app.ResourceNotifications.Snapshots;
        var lines = new List<string>
        {
            "",
            string.Create(CultureInfo.InvariantCulture, $"All resources healthy in {startup.TotalSeconds:0.0}s"),
            $"{"RESOURCE",-14} {"STATE",-10} {"HEALTH",-9} {"PID",-8} URL",
        };
        lines.AddRange(rows.Select(r =>
            $"{r.DisplayName,-14} {r.State,-10} {r.Health,-9} {r.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",-8} {r.Endpoint}"));
        if (app.ExecutionOptions.DashboardPort is { } port)
        {
            lines.Add($"Dashboard: http://localhost:{port}  (JSON: /api/resources)");
        }

        lines.Add("Press Ctrl+C to stop.");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
