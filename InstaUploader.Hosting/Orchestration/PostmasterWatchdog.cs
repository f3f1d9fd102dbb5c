using System.Diagnostics;
using System.Globalization;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// Stops the postmaster when the AppHost dies without stopping it (SIGKILL, crash, OOM kill). The services
/// notice a dead AppHost themselves (INSTAUPLOADER_PARENT_PID); postgres does not.
/// </summary>
/// <remarks>
/// A shell in its own session (so a signal to the AppHost's process group does not take it down too) blocks
/// reading a pipe whose only writer is the AppHost. The kernel closes that pipe however the AppHost ends, and
/// the EOF makes the shell send SIGINT (fast shutdown) to the postmaster, SIGQUIT if it lingers, and then delete
/// the given paths (a throwaway cluster's data). A pipe rather than polling the AppHost's pid: no reused-pid
/// races, no delay. PDEATHSIG is no alternative: it fires when the forking thread exits, and .NET forks from
/// thread-pool threads that come and go. On a normal stop the AppHost writes a line and the shell just exits.
/// </remarks>
internal sealed class PostmasterWatchdog : IDisposable
{
    private const string Script = """
        exec >/dev/null 2>&1
        if read -r _; then exit 0; fi
        pid=$1; shift
        running() { kill -0 "$pid" && ! grep -qs '^State:[[:space:]]*Z' "/proc/$pid/status"; }
        kill -INT "$pid"
        i=0
        while running && [ "$i" -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        if running; then kill -QUIT "$pid"; sleep 2; fi
        running || rm -rf -- "$@"
        """;

    private readonly Process _shell;

    private PostmasterWatchdog(Process shell) => _shell = shell;

    /// <returns>null where there is no setsid (not Linux): there a killed AppHost still leaves the postmaster.</returns>
    public static PostmasterWatchdog? Start(int postmasterPid, IEnumerable<string> deleteAfterwards)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var shell = ChildProcess.Start(
            "setsid",
            ["sh", "-c", Script, "postmaster-watchdog", postmasterPid.ToString(CultureInfo.InvariantCulture), .. deleteAfterwards],
            _ => { },
            psi => psi.RedirectStandardInput = true);
        return new PostmasterWatchdog(shell);
    }

    /// <summary>The AppHost stops the postmaster itself: tell the shell to exit without acting.</summary>
    public void Dispose()
    {
        try
        {
            _shell.StandardInput.WriteLine();
            if (!_shell.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _shell.Kill(entireProcessTree: true);
            }
        }
        catch (IOException)
        {
            // The shell is already gone (the pipe has no reader).
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _shell.Dispose();
        }
    }
}
