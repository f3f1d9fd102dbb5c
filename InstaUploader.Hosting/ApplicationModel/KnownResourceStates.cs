namespace Aspire.Hosting.ApplicationModel;

/// <summary>Resource states, named as Aspire names them.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string Finished = "Finished";
    public const string FailedToStart = "FailedToStart";

    public static bool IsTerminal(string state) => state is Exited or Finished or FailedToStart;
}

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>What the orchestrator knows about one replica of a resource at a moment.</summary>
public sealed record ResourceSnapshot(
    string Resource,
    int Replica,
    string State,
    HealthStatus Health,
    int? ProcessId,
    Uri? Endpoint,
    int Restarts,
    DateTimeOffset Since)
{
    public string DisplayName => Replica < 0 ? Resource : $"{Resource}-{Replica}";
}
