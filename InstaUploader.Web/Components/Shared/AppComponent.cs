using InstaUploader.Web.Features.Ui;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace InstaUploader.Web.Components.Shared;

/// <summary>
/// Base of the console's pages. A circuit lives for hours, so each operation gets its own DI scope (fresh services
/// and their DbContext) instead of sharing one circuit-long scope across concurrent renders. Pages read through the
/// features' query services and write through their services, never through a DbContext. Each scope is resolved to
/// the signed-in person's workspace first, so every query of the operation sees that workspace only.
/// </summary>
public abstract class AppComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource aborted = new();

    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] protected ToastService Toasts { get; set; } = default!;

    [Inject] protected NavigationManager Nav { get; set; } = default!;

    protected CancellationToken Aborted => aborted.Token;

    protected async Task<T> Use<TService, T>(Func<TService, CancellationToken, Task<T>> operation)
        where TService : notnull
    {
        await using var scope = await CallerScopeAsync();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>(), aborted.Token);
    }

    protected async Task Use<TService>(Func<TService, CancellationToken, Task> operation)
        where TService : notnull
    {
        await using var scope = await CallerScopeAsync();
        await operation(scope.ServiceProvider.GetRequiredService<TService>(), aborted.Token);
    }

    private async Task<AsyncServiceScope> CallerScopeAsync()
    {
        var scope = Scopes.CreateAsyncScope();
        try
        {
            var state = await Authentication.GetAuthenticationStateAsync();
            await scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().ResolveAsync(state.User, null, aborted.Token);
            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

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

/// <summary>
/// A page that refreshes itself while it is on screen (interactive only): every <see cref="Interval"/>, or — when it
/// overrides <see cref="Pushed"/> — as soon as the <see cref="ChangeFeed"/> announces a write to a task it shows.
/// </summary>
public abstract class LiveComponent : AppComponent
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(150);
    private readonly SemaphoreSlim draining = new(1, 1);
    private PeriodicTimer? timer;
    private int dirty;

    [Inject] private ChangeFeed Feed { get; set; } = default!;

    /// <summary>Poll period; null for a pushed page that needs no timer at all.</summary>
    protected virtual TimeSpan? Interval => Pushed ? null : TimeSpan.FromSeconds(1.5);

    /// <summary>True when the page is fed by the change feed instead of polling.</summary>
    protected virtual bool Pushed => false;

    /// <summary>Whether a write to this task concerns the page (the task list and dashboard: any task).</summary>
    protected virtual bool Shows(int taskId) => true;

    /// <summary>Reloads the page's data; called on every tick or pushed change.</summary>
    protected abstract Task RefreshAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        if (Pushed)
        {
            Feed.TaskChanged += OnTaskChanged;
            Feed.Resync += OnResync;
            // Writes between the page's first load and this subscription were announced to nobody: catch up once.
            OnResync();
        }

        if (Interval is { } interval)
        {
            timer = new PeriodicTimer(interval);
            _ = LoopAsync(timer);
        }
    }

    private void OnTaskChanged(int taskId)
    {
        if (Shows(taskId))
        {
            OnResync();
        }
    }

    private void OnResync()
    {
        Interlocked.Exchange(ref dirty, 1);
        _ = DrainAsync();
    }

    // One refresh at a time; changes arriving meanwhile fold into one more refresh, so a burst of worker writes costs
    // a few queries, not one per row.
    private async Task DrainAsync()
    {
        if (!await draining.WaitAsync(0))
        {
            return;
        }

        try
        {
            while (Interlocked.Exchange(ref dirty, 0) == 1 && !Aborted.IsCancellationRequested)
            {
                await RenderFreshAsync();
                await Task.Delay(Coalesce, Aborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }
        finally
        {
            draining.Release();
        }

        if (Volatile.Read(ref dirty) == 1)
        {
            _ = DrainAsync();
        }
    }

    private async Task RenderFreshAsync()
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
            // A failed refresh (database blip) is retried on the next change or tick; the page keeps its last data.
        }
    }

    private async Task LoopAsync(PeriodicTimer t)
    {
        try
        {
            while (await t.WaitForNextTickAsync(Aborted))
            {
                await RenderFreshAsync();
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
            Feed.TaskChanged -= OnTaskChanged;
            Feed.Resync -= OnResync;
            timer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
