using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Web;

/// <summary>Random pauses between UI actions in <see cref="InstagramOptions.MinActionDelayMs"/>..MaxActionDelayMs; none when both are 0.</summary>
public sealed class HumanPacer(IOptions<InstagramOptions> options, TimeProvider time)
{
    public bool Enabled => options.Value.MaxActionDelayMs > 0;

    public Task PauseAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (o.MaxActionDelayMs <= 0)
        {
            return Task.CompletedTask;
        }

        var ms = Random.Shared.Next(Math.Max(0, o.MinActionDelayMs), Math.Max(o.MinActionDelayMs, o.MaxActionDelayMs) + 1);
        return Task.Delay(TimeSpan.FromMilliseconds(ms), time, ct);
    }

    /// <summary>Per-keystroke delay for typing like a person (0 when pacing is off).</summary>
    public float KeystrokeDelayMs => Enabled ? Random.Shared.Next(40, 140) : 0;
}
