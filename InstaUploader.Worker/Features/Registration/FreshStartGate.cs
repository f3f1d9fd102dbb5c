namespace InstaUploader.Worker.Features.Registration;

/// <summary>
/// Puts this process's first registration before its first claim, so that registration can tell the Web
/// <c>fresh_start</c>: everything still leased under this worker id belongs to a predecessor that died (a replica
/// killed with items in hand and restarted under the same name), and the Web hands those items back at once rather
/// than after their leases. The claim loop waits only for the first attempt, whatever its outcome: a Web that cannot
/// be reached must not keep a worker idle, and a registration made after claiming began is never fresh.
/// </summary>
public sealed class FreshStartGate
{
    /// <summary>The longest the claim loop waits for the first registration (the address resolves, the host starts).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _claiming;

    /// <summary>Sends a registration, fresh while nothing has been claimed; no claim starts while it is in flight.</summary>
    public async Task RegisterAsync(Func<bool, Task> send, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            await send(!_claiming);
        }
        finally
        {
            _firstAttempt.TrySetResult();
            _lock.Release();
        }
    }

    /// <summary>Waits for the first registration attempt (at most <see cref="MaxWait"/>), then lets claims begin.</summary>
    public async Task OpenClaimsAsync(TimeProvider time, CancellationToken ct)
    {
        try
        {
            await _firstAttempt.Task.WaitAsync(MaxWait, time, ct);
        }
        catch (TimeoutException)
        {
            // Claim anyway; a registration that comes later is not fresh, and orphans wait out their leases.
        }

        await _lock.WaitAsync(ct);
        _claiming = true;
        _lock.Release();
    }
}
