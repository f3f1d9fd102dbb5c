using System.Collections.Concurrent;
using System.Diagnostics;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>The last 200 lines a child process wrote (stdout and stderr), for the message of an assertion about it.</summary>
public sealed class ProcessTail
{
    private const int Capacity = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Starts <paramref name="start"/> (which must redirect both streams) and keeps its output here.</summary>
    public Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public string Last(int count) => string.Join('\n', _lines.TakeLast(count));

    public override string ToString() => string.Join('\n', _lines);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }
}
