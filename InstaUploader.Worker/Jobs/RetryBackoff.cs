namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Waits between retries of a call to the Web that failed: doubling from <see cref="Base"/> up to <see cref="Cap"/>,
/// each wait drawn from its upper half so replicas that failed together do not retry together. The cap is short so
/// a worker is back within seconds of the Web (or its database) coming back.
/// </summary>
public static class RetryBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the next try after <paramref name="failures"/> consecutive failures (1 or more).</summary>
    public static TimeSpan After(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 16);
        var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
    }
}
