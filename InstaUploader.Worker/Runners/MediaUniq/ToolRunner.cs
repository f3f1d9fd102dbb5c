using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>Runs ffmpeg/ffprobe with an argument list (no shell), a time limit, and the process killed on cancel.</summary>
public sealed class ToolRunner(IOptions<MediaUniqOptions> options, TimeProvider time)
{
    private const int KeepStderr = 4000;

    public async Task<ToolRun> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolException($"{Path.GetFileName(file)} could not be started ({ex.Message}); is it installed?");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(options.Value.ToolTimeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new ToolException($"{Path.GetFileName(file)} ran longer than {options.Value.ToolTimeout} and was stopped.");
        }

        return new ToolRun(process.ExitCode, await stdout, Tail(await stderr));
    }

    private static string Tail(string s) => s.Length <= KeepStderr ? s.Trim() : s[^KeepStderr..].Trim();
}

public sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public ToolRun EnsureSuccess(string tool) =>
        ExitCode == 0 ? this : throw new ToolException($"{tool} failed (exit {ExitCode}): {LastLines(Stderr)}");

    private static string LastLines(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new StringBuilder().AppendJoin(" | ", lines.TakeLast(3)).ToString();
    }
}

/// <summary>ffmpeg or ffprobe failed, or its output is not what it should be.</summary>
public sealed class ToolException(string message) : Exception(message);
