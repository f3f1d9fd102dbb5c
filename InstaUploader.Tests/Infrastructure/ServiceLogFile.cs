using System.Globalization;
using Microsoft.Extensions.Logging;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>
/// Where a started topology's logs go (the AppHost's and every service's console, which the test host forwards):
/// one file per fixture or test class under TestResults/service-logs, so the test run's console shows results and
/// failures, not thousands of service lines. A topology that fails to start names its file.
/// </summary>
public sealed class ServiceLogFile : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    private ServiceLogFile(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(File.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>A new file named after <paramref name="owner"/> (a fixture or test class) and the time.</summary>
    public static ServiceLogFile For(string owner) =>
        new(System.IO.Path.Combine(AppHostTesting.RepositoryRoot(), "TestResults", "service-logs",
            string.Create(CultureInfo.InvariantCulture, $"{owner}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("n")[..6]}.log")));

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A service's last lines after the host is gone.
            }
        }
    }

    private sealed class FileLogger(ServiceLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            file.Write(string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}"));
    }
}
