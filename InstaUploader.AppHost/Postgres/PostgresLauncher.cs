namespace InstaUploader.AppHost.Postgres;

/// <summary>
/// The few lines of bash the server runs under (given inline: as root it runs as 'postgres', who may not be able to
/// read a script in the clone). Two things the orchestrator cannot be told:
/// <list type="bullet">
/// <item>Its stop is SIGTERM, which for postgres is the smart shutdown that waits for every client, and 6 s later
/// SIGKILL, which leaves crash recovery to the next start. SIGTERM here is a smart shutdown for 3 s (the services
/// finish their last writes and disconnect), then a fast one (SIGINT). SIGINT and SIGQUIT (the parent-death signal
/// as root) are passed on as they are.</item>
/// <item>The server writes every message to stderr, which shows ordinary LOG lines (checkpoints, ready to accept
/// connections) as errors. Each line goes to stdout or stderr by its severity (DETAIL, HINT and the like follow
/// the message they belong to); <see cref="LinePrefix"/> makes the severity findable.</item>
/// </list>
/// </summary>
public static class PostgresLauncher
{
    public const string LinePrefix = "%m [%p] ";
    public static readonly TimeSpan SmartShutdownGrace = TimeSpan.FromSeconds(3);

    public static readonly string Script = $$"""
        # The sorter is this shell's child, not the server's: a postmaster takes any child's odd exit for a crashed backend.
        exec 3> >(err=0; while IFS= read -r line; do
          case "$line" in
            *"] WARNING:  "* | *"] ERROR:  "* | *"] FATAL:  "* | *"] PANIC:  "*) err=1 ;;
            *"] LOG:  "* | *"] INFO:  "* | *"] NOTICE:  "* | *"] DEBUG"?":  "*) err=0 ;;
          esac
          if [ $err = 1 ]; then printf '%s\n' "$line" >&2; else printf '%s\n' "$line"; fi
        done)
        "$@" 2>&3 3>&- &
        server=$!
        trap 'kill -TERM $server 2>/dev/null; (sleep {{SmartShutdownGrace.TotalSeconds}}; kill -INT $server 2>/dev/null) &' TERM
        trap 'kill -INT $server 2>/dev/null' INT
        trap 'kill -QUIT $server 2>/dev/null' QUIT
        while :; do
          wait $server; status=$?
          kill -0 $server 2>/dev/null || exit $status
        done
        """;
}
