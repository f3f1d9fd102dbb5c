using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// One environment setting of the Web, with and without, in one run (--web-setting NAME=VALUE): a fresh Postgres + Web
/// each time, alternated (without, with, without, with) so the machine's drift falls on both, one warm-up HTTP run,
/// then one measured at the given slots with the CPU of the Web and PostgreSQL per item.
/// </summary>
internal static class WebSettingComparison
{
    public static async Task<List<string>> RunAsync(string setting, int items, int claimers, int slots, int rounds)
    {
        var (name, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
        var lines = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var with in new[] { false, true })
            {
                var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(["--workers", "0", "--sandbox", "false", "--ephemeral-data", "true"]);
                if (with)
                {
                    builder.CreateResourceBuilder<ProjectResource>("web").WithEnvironment(name, value);
                }

                await using var app = await builder.BuildAsync();
                await app.StartAsync();
                await app.ResourceNotifications.WaitForResourceHealthyAsync("web");
                var connectionString = (await app.GetConnectionStringAsync("instauploader"))!;
                await using var data = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=50");
                var parameters = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
                var bench = new Bench(
                    app.GetEndpoint("web"),
                    (await parameters.Single(p => p.Name == "worker-token").GetValueAsync(default))!,
                    (await parameters.Single(p => p.Name == "operator-api-token").GetValueAsync(default))!,
                    data);
                await ClaimThroughput.ItemsPerSecondAsync(bench, claimers, slots, items, legacy: false);
                var before = ProcessTree.CpuSecondsByRole(Environment.ProcessId);
                var rate = await ClaimThroughput.ItemsPerSecondAsync(bench, claimers, slots, items, legacy: false);
                var after = ProcessTree.CpuSecondsByRole(Environment.ProcessId);
                var load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"web {(with ? setting : "as shipped")}: {rate:0} items/s at {claimers} x {slots} slots, CPU per item web {(after["web"] - before["web"]) * 1e6 / items:0} us, postgres {(after["postgres"] - before["postgres"]) * 1e6 / items:0} us (load average {load})");
                Console.WriteLine("  " + line);
                lines.Add(line);
            }
        }

        return lines;
    }
}
