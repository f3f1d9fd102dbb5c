using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Aspire.Hosting.Orchestration;

/// <summary>POSIX signals for graceful stops; .NET's Process.Kill only sends SIGKILL.</summary>
internal static partial class ProcessSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint SysGetEuid();

    public static bool IsRoot => OperatingSystem.IsLinux() && SysGetEuid() == 0;

    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = SysKill(pid, signal);
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Asks a process to stop, then kills its whole tree if it has not exited within <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, int signal, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            Send(process.Id, signal);
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }
}
