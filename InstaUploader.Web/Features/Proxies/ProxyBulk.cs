using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Tasks;
using InstaUploader.Web.Features.WorkerApi;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>
/// Bulk actions on proxies: validate (one proxy-diagnostics task for the selection), delete the dead ones, move
/// their accounts to free working proxies. Writes happen in one transaction.
/// </summary>
public sealed class ProxyBulk(AppDbContext db, TaskService tasks, AuditLog audit, TimeProvider time)
{
    public async Task<ServiceResult<BulkReport>> RunAsync(ProxyBulkRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is null || !BulkActions.ForProxies.Contains(action))
        {
            errors.Add("action", $"Required, one of: {string.Join(", ", BulkActions.ForProxies)}.");
        }

        var hasIds = request.Ids is { Count: > 0 };
        if (hasIds == (request.Filter is not null))
        {
            errors.Add("ids", "Give either ids or filter (the list's own filter), not both and not neither.");
        }

        if (errors.Any)
        {
            return ServiceResult<BulkReport>.Invalid(errors.ToDictionary());
        }

        var query = db.Proxies.AsQueryable();
        if (request.Filter is { } f)
        {
            query = ProxyService.Filter(query, f);
        }
        else
        {
            var ids = request.Ids!.Distinct().ToList();
            query = query.Where(p => ids.Contains(p.Id));
        }

        var proxies = await query.OrderBy(p => p.Id).Select(p => new Selected(p.Id, p.Scheme + "://" + (p.Username == null || p.Username == "" ? "" : p.Username + "@") + p.Host + ":" + p.Port, p.Status)).ToListAsync(ct);
        if (request.Ids is { Count: > 0 } asked && asked.Except(proxies.Select(p => p.Id)).ToList() is { Count: > 0 } missing)
        {
            return ServiceResult<BulkReport>.Invalid("ids", $"Unknown proxy id(s): {string.Join(", ", missing.Take(20))}.");
        }

        if (proxies.Count == 0)
        {
            return ServiceResult<BulkReport>.Invalid("filter", "Selects no proxies.");
        }

        // Saved by the action's own write, in its transaction; an action that is refused leaves no entry.
        audit.Record(AuditActions.BulkAction, "proxy", null, details: new { action, proxies = proxies.Count, ids = proxies.Take(100).Select(p => p.Id) });
        return action switch
        {
            BulkActions.ValidateAll => await ValidateAsync(proxies, ct),
            BulkActions.DeleteDead => await DeleteDeadAsync(proxies, request.Reassign, ct),
            _ => await ReassignAsync(proxies, ct),
        };
    }

    private sealed record Selected(int Id, string Display, string Status);

    private async Task<ServiceResult<BulkReport>> ValidateAsync(List<Selected> proxies, CancellationToken ct)
    {
        var outcome = await tasks.CreateAsync(new CreateTaskRequest
        {
            Kind = TaskKinds.ProxyDiag,
            Name = $"Validate {proxies.Count} prox{(proxies.Count == 1 ? "y" : "ies")}",
            ProxyIds = [.. proxies.Select(p => p.Id)],
            Start = true,
        }, ct);
        if (outcome.Task is not { } task)
        {
            return ServiceResult<BulkReport>.Conflict(outcome.Detail ?? "The proxy diagnostics task was not created.");
        }

        var records = proxies.ConvertAll(p => new BulkRecord(p.Id, p.Display, BulkReport.Ok, $"check queued in task #{task.Id}"));
        return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.ValidateAll, proxies.Count, true, records, task.Id));
    }

    private async Task<ServiceResult<BulkReport>> DeleteDeadAsync(List<Selected> proxies, bool reassign, CancellationToken ct)
    {
        var dead = proxies.Where(p => p.Status == ProxyDiagnosticsApi.Failed).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = new Dictionary<int, List<string>>();
        if (reassign && dead.Count > 0)
        {
            var result = await MoveAccountsAsync(dead, moved, ct);
            if (result is not null)
            {
                return result;
            }
        }

        var deadIds = dead.Select(p => p.Id).ToList();
        await db.Writable(db.Proxies).Where(p => deadIds.Contains(p.Id)).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var records = proxies.ConvertAll(p => p.Status != ProxyDiagnosticsApi.Failed
            ? new BulkRecord(p.Id, p.Display, BulkReport.Unchanged, $"not dead ({p.Status})")
            : new BulkRecord(p.Id, p.Display, BulkReport.Ok, "deleted" + Moved(moved, p.Id)));
        return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.DeleteDead, proxies.Count, true, records));
    }

    private async Task<ServiceResult<BulkReport>> ReassignAsync(List<Selected> proxies, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = new Dictionary<int, List<string>>();
        if (await MoveAccountsAsync(proxies, moved, ct) is { } problem)
        {
            return problem;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var records = proxies.ConvertAll(p => moved.ContainsKey(p.Id)
            ? new BulkRecord(p.Id, p.Display, BulkReport.Ok, Moved(moved, p.Id).TrimStart(';', ' '))
            : new BulkRecord(p.Id, p.Display, BulkReport.Unchanged, "no accounts"));
        return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.ReassignAccounts, proxies.Count, true, records));
    }

    /// <summary>
    /// Moves every account on <paramref name="from"/> to a working proxy (status ok) that no account uses and that is
    /// not being vacated, one account per proxy in id order. Null when done; an error result when the pool is short.
    /// </summary>
    private async Task<ServiceResult<BulkReport>?> MoveAccountsAsync(List<Selected> from, Dictionary<int, List<string>> moved, CancellationToken ct)
    {
        var fromIds = from.Select(p => p.Id).ToList();
        var accounts = await db.Accounts.Where(a => a.ProxyId != null && fromIds.Contains(a.ProxyId.Value)).OrderBy(a => a.Username).ToListAsync(ct);
        if (accounts.Count == 0)
        {
            return null;
        }

        var free = await db.Proxies.AsNoTracking()
            .Where(p => p.Status == ProxyDiagnosticsApi.Ok && !fromIds.Contains(p.Id) && !db.Accounts.Any(a => a.ProxyId == p.Id))
            .OrderBy(p => p.Id).Select(p => new { p.Id, Display = p.Scheme + "://" + (p.Username == null || p.Username == "" ? "" : p.Username + "@") + p.Host + ":" + p.Port }).Take(accounts.Count).ToListAsync(ct);
        if (free.Count < accounts.Count)
        {
            return ServiceResult<BulkReport>.Invalid("reassign",
                $"{accounts.Count} account(s) need a new proxy but only {free.Count} working proxies are free; nothing was changed.");
        }

        var now = time.GetUtcNow();
        for (var i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            (moved.TryGetValue(a.ProxyId!.Value, out var list) ? list : moved[a.ProxyId.Value] = []).Add($"{a.Username} → {free[i].Display}");
            a.ProxyId = free[i].Id;
            a.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string Moved(Dictionary<int, List<string>> moved, int proxyId) =>
        moved.TryGetValue(proxyId, out var list) ? "; moved " + string.Join(", ", list) : "";
}
