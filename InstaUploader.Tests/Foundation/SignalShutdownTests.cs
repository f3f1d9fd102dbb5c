using System.Diagnostics;
using System.Globalization;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// A service started as a real process ends within 10 s of SIGTERM or SIGINT (issue 24 item 6), also while it is
/// busy failing to reach the Web (the worker's registration and claim loops retrying against a dead address).
/// </summary>
public sealed class SignalShutdownTests
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("InstaUploader.Worker", "TERM")]
    [InlineData("InstaUploader.Worker", "INT")]
    [InlineData("InstaUploader.Sandbox", "TERM")]
    public async Task A_service_process_exits_within_10_seconds_of_the_signal(string service, string signal)
    {
        var port = Tinyproxy.FreePort();
        var output = new ProcessTail();
        using var process = Start(service, port, output);
        try
        {
            await WaitForHealthAsync(process, port, output);
            // Let the worker's loops run into the unreachable Web at least once.
            await Task.Delay(TimeSpan.FromSeconds(2));

            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var bound = new CancellationTokenSource(ExitBound);
            var exited = await process.WaitForExitAsync(bound.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(exited, $"{service} was still running {ExitBound.TotalSeconds} s after SIG{signal}:\n{output.Last(40)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(string service, int port, ProcessTail output)
    {
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var dll = Path.Combine(AppHostTesting.RepositoryRoot(), service, "bin", testBin.Parent!.Name, testBin.Name, service + ".dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Nobody listens there: the worker keeps retrying its registration and claims.
        start.Environment["Worker__WebBaseUrl"] = $"http://127.0.0.1:{Tinyproxy.FreePort()}";
        start.Environment["Worker__WorkerToken"] = "signal-test-token-0123456789";
        start.Environment["Worker__WorkerId"] = "signal-test";
        return output.Start(start);
    }

    private static async Task WaitForHealthAsync(Process process, int port, ProcessTail output)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, $"the process exited on its own:\n{output}");
            Assert.True(DateTime.UtcNow < deadline, $"not listening within 60 s:\n{output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/alive", UriKind.Relative));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(300);
            }
        }
    }
}
