using System.Diagnostics;

namespace Aspire.Hosting.Orchestration;

/// <summary>Starts a child process whose stdout and stderr lines go to one handler (the resource's log).</summary>
internal static class ChildProcess
{
    /// <param name="configure">Sets what differs per caller: working directory, environment, stdin.</param>
    public static Process Start(string fileName, IEnumerable<string> args, Action<string> onLine, Action<ProcessStartInfo>? configure = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        configure?.Invoke(psi);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
