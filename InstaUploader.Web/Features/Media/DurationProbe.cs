using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Media;

/// <summary>Reads a video's duration with ffprobe. Any failure (ffprobe absent, unreadable file, timeout) gives null.</summary>
public sealed class DurationProbe(IOptions<MediaOptions> options, ILogger<DurationProbe> logger)
{
    public async Task<double?> GetDurationSecondsAsync(string path, CancellationToken ct)
    {
        var o = options.Value;
        var start = new ProcessStartInfo(o.FfprobePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", path },
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("ffprobe did not start.");
        }
        catch (Win32Exception ex)
        {
            logger.LogWarning("ffprobe is not available ({Reason}); video durations are left empty.", ex.Message);
            return null;
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.ProbeTimeout);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var errors = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                var text = (await output).Trim();
                if (process.ExitCode == 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    return seconds;
                }

                logger.LogInformation("ffprobe found no duration (exit {ExitCode}): {Error}", process.ExitCode, (await errors).Trim());
                return null;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                logger.LogWarning("ffprobe timed out after {Timeout}.", o.ProbeTimeout);
                return null;
            }
        }
    }
}
