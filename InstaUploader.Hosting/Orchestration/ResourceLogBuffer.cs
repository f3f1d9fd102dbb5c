namespace Aspire.Hosting.Orchestration;

/// <summary>The most recent console lines of one replica, for the dashboard and for test diagnostics.</summary>
public sealed class ResourceLogBuffer(int capacity = 1000)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }
}
