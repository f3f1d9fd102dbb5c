using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

/// <summary>
/// The strongest peer as an anchor (issue 29): graphile-worker 0.18 with its batched modes (a local queue of 500 jobs
/// fetched by one statement, batched completions), concurrency 8, no-op jobs, against the same database. bench/graphile/
/// install.sh installs the locked package into a cache directory once; run.mjs adds the jobs, runs the worker until
/// the jobs table is empty and prints jobs/s.
/// </summary>
internal static partial class GraphileWorker
{
    public static async Task<double> JobsPerSecondAsync(string connectionString, int jobs)
    {
        var directory = (await RunAsync("bash", [Path.Combine(BenchDirectory(), "graphile", "install.sh")], TimeSpan.FromMinutes(10))).Trim().Split('\n')[^1];
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var url = $"postgres://{Uri.EscapeDataString(cs.Username!)}:{Uri.EscapeDataString(cs.Password ?? "")}@{cs.Host}:{cs.Port}/{Uri.EscapeDataString(cs.Database!)}";
        var output = await RunAsync("node", [Path.Combine(directory, "run.mjs"), url, jobs.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(10), directory);
        var rate = Rate().Match(output);
        return rate.Success
            ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"graphile-worker printed no rate: {output}");
    }

    private static string BenchDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "graphile", "install.sh")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("bench/graphile/install.sh not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> RunAsync(string file, string[] arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        using var process = Process.Start(start)!;
        using var timer = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(timer.Token);
        var errors = process.StandardError.ReadToEndAsync(timer.Token);
        await process.WaitForExitAsync(timer.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments.Take(1))} failed ({process.ExitCode}): {await errors}");
        }

        return await output;
    }

    [GeneratedRegex(@"= ([0-9.]+) jobs/s")]
    private static partial Regex Rate();
}
