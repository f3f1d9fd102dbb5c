using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Ui;
using Microsoft.AspNetCore.Components;

namespace InstaUploader.Web.Components.Shared;

/// <summary>
/// Base of the console's pages. A circuit lives for hours, so each operation gets its own DI scope (fresh
/// DbContext and services) instead of sharing the circuit-long scoped DbContext across concurrent renders.
/// </summary>
public abstract class AppComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource aborted = new();

    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject] protected ToastService Toasts { get; set; } = default!;

    [Inject] protected NavigationManager Nav { get; set; } = default!;

    protected CancellationToken Aborted => aborted.Token;

    protected async Task<T> Use<TService, T>(Func<TService, CancellationToken, Task<T>> operation)
        where TService : notnull
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>(), aborted.Token);
    }

    protected async Task Use<TService>(Func<TService, CancellationToken, Task> operation)
        where TService : notnull
    {
        await using var scope = Scopes.CreateAsyncScope();
        await operation(scope.ServiceProvider.GetRequiredService<TService>(), aborted.Token);
    }

    protected Task<T> Query<T>(Func<AppDbContext, CancellationToken, Task<T>> query) => Use(query);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            aborted.Cancel();
            aborted.Dispose();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>A page that refreshes itself every <see cref="Interval"/> while it is on screen (interactive only).</summary>
public abstract class LiveComponent : AppComponent
{
    private PeriodicTimer? timer;

    protected virtual TimeSpan Interval => TimeSpan.FromSeconds(1.5);

    /// <summary>Reloads the page's data; called on every tick.</summary>
    protected abstract Task RefreshAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            timer = new PeriodicTimer(Interval);
            _ = LoopAsync(timer);
        }
    }

    private async Task LoopAsync(PeriodicTimer t)
    {
        try
        {
            while (await t.WaitForNextTickAsync(Aborted))
            {
                try
                {
                    await InvokeAsync(async () =>
                    {
                        await RefreshAsync();
                        StateHasChanged();
                    });
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
                {
                    // A failed poll (database blip) is retried on the next tick; the page keeps its last data.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            timer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
