using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Bulk actions on a selection of accounts (ids or a filter). Every write is one SaveChanges or one statement, so
/// one transaction: a record that cannot be changed stops the whole action and nothing is written.
/// </summary>
public sealed class AccountBulk(AppDbContext db, TaskService tasks, DolphinProfilesClient dolphin, ILogger<AccountBulk> logger, TimeProvider time, AuditLog? audit = null)
{
    public const int MaxIds = 20_000;

    public async Task<ServiceResult<BulkReport>> RunAsync(AccountBulkRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is null || !BulkActions.ForAccounts.Contains(action))
        {
            errors.Add("action", $"Required, one of: {string.Join(", ", BulkActions.ForAccounts)}.");
        }

        var query = Selection(request.Ids, request.Filter, errors);
        var tags = ValidateAction(action, request, errors);
        if (errors.Any || query is null)
        {
            return ServiceResult<BulkReport>.Invalid(errors.ToDictionary());
        }

        var accounts = await query.OrderBy(a => a.Username).ToListAsync(ct);
        if (request.Ids is { Count: > 0 } ids && ids.Except(accounts.Select(a => a.Id)).ToList() is { Count: > 0 } missing)
        {
            return ServiceResult<BulkReport>.Invalid("ids", $"Unknown account id(s): {string.Join(", ", missing.Take(20))}.");
        }

        if (accounts.Count == 0)
        {
            return ServiceResult<BulkReport>.Invalid("filter", "Selects no accounts.");
        }

        // Saved by the action's own SaveChanges (or statement's transaction), so only with its change.
        audit?.Record(AuditActions.BulkAction, "account", null, details: new { action, accounts = accounts.Count, ids = accounts.Take(100).Select(a => a.Id) });
        return action switch
        {
            BulkActions.AssignProxies => await AssignProxiesAsync(accounts, request, ct),
            BulkActions.DolphinProfiles => await DolphinProfilesAsync(accounts, request.Refresh, ct),
            BulkActions.SetStatus => await SaveAsync(action, accounts, a => Change(a, a.Status, request.Status!, () => a.Status = request.Status!), ct),
            BulkActions.Tag => await SaveAsync(action, accounts, a => Change(a, string.Join(",", a.Tags), string.Join(",", a.Tags.Union(tags).Order(StringComparer.Ordinal)),
                () => a.Tags = [.. a.Tags.Union(tags).Order(StringComparer.Ordinal)]), ct),
            BulkActions.Untag => await SaveAsync(action, accounts, a => Change(a, string.Join(",", a.Tags), string.Join(",", a.Tags.Except(tags)),
                () => a.Tags = [.. a.Tags.Except(tags)]), ct),
            BulkActions.Delete => await DeleteAsync(accounts, ct),
            _ => await StartTaskAsync(accounts, request.Task!, ct),
        };
    }

    /// <summary>The selection as a query: exactly one of ids or filter.</summary>
    private IQueryable<Account>? Selection(IReadOnlyList<int>? ids, AccountFilter? filter, FieldErrors errors)
    {
        var hasIds = ids is { Count: > 0 };
        if (hasIds == (filter is not null))
        {
            errors.Add("ids", "Give either ids or filter (the list's own filter), not both and not neither.");
            return null;
        }

        if (ids is { Count: > MaxIds })
        {
            errors.Add("ids", $"At most {MaxIds} ids; use the filter for more.");
            return null;
        }

        if (filter is not null)
        {
            var before = errors.Any;
            AccountService.ValidateFilter(filter, errors);
            return errors.Any && !before ? null : AccountService.Filter(db.Accounts, filter);
        }

        var list = ids!.Distinct().ToList();
        return db.Accounts.Where(a => list.Contains(a.Id));
    }

    private static List<string> ValidateAction(string? action, AccountBulkRequest request, FieldErrors errors)
    {
        switch (action)
        {
            case BulkActions.SetStatus:
                if (request.Status is null)
                {
                    errors.Add("status", "Required for set_status.");
                }

                AccountRules.ValidateStatus(request.Status, errors);
                break;
            case BulkActions.Tag or BulkActions.Untag:
                if (request.Tags is not { Count: > 0 })
                {
                    errors.Add("tags", $"Give at least one tag to {action}.");
                    return [];
                }

                return AccountRules.NormalizeTags(request.Tags, "tags", errors);
            case BulkActions.AssignProxies:
                if (request.ProxyIds is not { Count: > 0 } && string.IsNullOrWhiteSpace(request.ProxyStatus))
                {
                    errors.Add("proxy_ids", "Give the pool: proxy_ids, or proxy_status (e.g. ok) for every proxy in that state.");
                }

                break;
            case BulkActions.StartTask:
                if (request.Task is null)
                {
                    errors.Add("task", "Required: the task to create (kind, name, options…); its accounts are the selection.");
                }

                break;
        }

        return [];
    }

    /// <summary>
    /// One proxy per account from the pool, round-robin in pool order. Unless shared proxies are allowed, proxies
    /// held by accounts outside the selection are not in the pool, and a pool smaller than the selection is refused.
    /// </summary>
    private async Task<ServiceResult<BulkReport>> AssignProxiesAsync(List<Account> accounts, AccountBulkRequest request, CancellationToken ct)
    {
        var pool = db.Proxies.AsNoTracking();
        if (request.ProxyIds is { Count: > 0 } proxyIds)
        {
            var wanted = proxyIds.Distinct().ToList();
            pool = pool.Where(p => wanted.Contains(p.Id));
        }
        else
        {
            pool = pool.Where(p => p.Status == request.ProxyStatus!.Trim());
        }

        var proxies = await pool.OrderBy(p => p.Id).Select(p => new { p.Id, Display = p.Scheme + "://" + p.Host + ":" + p.Port }).ToListAsync(ct);
        if (request.ProxyIds is { Count: > 0 } asked && asked.Except(proxies.Select(p => p.Id)).ToList() is { Count: > 0 } unknown)
        {
            return ServiceResult<BulkReport>.Invalid("proxy_ids", $"Unknown proxy id(s): {string.Join(", ", unknown.Take(20))}.");
        }

        if (!request.AllowShared)
        {
            var selected = accounts.Select(a => a.Id).ToList();
            var taken = await db.Accounts.Where(a => a.ProxyId != null && !selected.Contains(a.Id)).Select(a => a.ProxyId!.Value).Distinct().ToListAsync(ct);
            proxies = proxies.Where(p => !taken.Contains(p.Id)).ToList();
            if (proxies.Count < accounts.Count)
            {
                return ServiceResult<BulkReport>.Invalid("proxy_ids",
                    $"The pool has {proxies.Count} free proxies for {accounts.Count} accounts; add proxies or set allow_shared to put several accounts on one proxy.");
            }
        }
        else if (proxies.Count == 0)
        {
            return ServiceResult<BulkReport>.Invalid("proxy_ids", "The pool has no proxies.");
        }

        var display = proxies.ToDictionary(p => p.Id, p => p.Display);
        var current = accounts.Where(a => a.ProxyId is not null).Select(a => a.ProxyId!.Value).Distinct().ToList();
        var old = await db.Proxies.AsNoTracking().Where(p => current.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Scheme + "://" + p.Host + ":" + p.Port, ct);
        var index = 0;
        return await SaveAsync(BulkActions.AssignProxies, accounts, a =>
        {
            var proxy = proxies[index++ % proxies.Count].Id;
            var before = a.ProxyId is { } p ? old.GetValueOrDefault(p, $"#{p}") : "none";
            return Change(a, before, display[proxy], () => a.ProxyId = proxy);
        }, ct);
    }

    /// <summary>
    /// Dolphin cannot join our transaction, so: create every profile first; if one fails, delete the ones just made
    /// and write nothing; else store all ids in one SaveChanges, then delete the replaced profiles.
    /// </summary>
    private async Task<ServiceResult<BulkReport>> DolphinProfilesAsync(List<Account> accounts, bool refresh, CancellationToken ct)
    {
        if (!dolphin.Configured)
        {
            return ServiceResult<BulkReport>.Conflict("Dolphin Anty is not configured (Dolphin__ApiToken, the panel's API token).");
        }

        var proxyIds = accounts.Where(a => a.ProxyId is not null).Select(a => a.ProxyId!.Value).Distinct().ToList();
        var proxiesById = await db.Proxies.AsNoTracking().Where(p => proxyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var created = new Dictionary<int, string>();
        var records = new List<BulkRecord>();
        foreach (var a in accounts)
        {
            if (a.DolphinProfileId is not null && !refresh)
            {
                records.Add(new BulkRecord(a.Id, a.Username, BulkReport.Unchanged, $"has profile {a.DolphinProfileId}"));
                continue;
            }

            try
            {
                created[a.Id] = await dolphin.CreateAsync(a.Username, a.ProxyId is { } p ? proxiesById.GetValueOrDefault(p) : null, ct);
                records.Add(new BulkRecord(a.Id, a.Username, BulkReport.Ok, $"{a.DolphinProfileId ?? "none"} → {created[a.Id]}"));
            }
            catch (HttpRequestException ex)
            {
                records = records.ConvertAll(r => r.Outcome == BulkReport.Ok ? r with { Outcome = BulkReport.Unchanged, Detail = "rolled back (its new profile deleted)" } : r);
                records.Add(new BulkRecord(a.Id, a.Username, BulkReport.Error, ex.Message));
                foreach (var id in created.Values)
                {
                    await DeleteQuietlyAsync(id);
                }

                records.AddRange(accounts.Skip(records.Count).Select(r => new BulkRecord(r.Id, r.Username, BulkReport.Unchanged, "not tried")));
                return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.DolphinProfiles, accounts.Count, false, records));
            }
        }

        var replaced = accounts.Where(a => created.ContainsKey(a.Id) && a.DolphinProfileId is not null).Select(a => a.DolphinProfileId!).ToList();
        var now = time.GetUtcNow();
        foreach (var a in accounts.Where(a => created.ContainsKey(a.Id)))
        {
            a.DolphinProfileId = created[a.Id];
            a.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        foreach (var old in replaced)
        {
            await DeleteQuietlyAsync(old);
        }

        return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.DolphinProfiles, accounts.Count, true, records));
    }

    private async Task DeleteQuietlyAsync(string profileId)
    {
        try
        {
            await dolphin.DeleteAsync(profileId, CancellationToken.None);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Dolphin profile {ProfileId} could not be deleted: {Error}", profileId, ex.Message);
        }
    }

    private async Task<ServiceResult<BulkReport>> DeleteAsync(List<Account> accounts, CancellationToken ct)
    {
        var ids = accounts.Select(a => a.Id).ToList();
        var used = (await db.TaskItems.Where(i => i.AccountId != null && ids.Contains(i.AccountId.Value)).Select(i => i.AccountId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        var records = accounts.Select(a => used.Contains(a.Id)
            ? new BulkRecord(a.Id, a.Username, BulkReport.Error, $"used by tasks; set its status to '{AccountStatus.Disabled}' instead")
            : new BulkRecord(a.Id, a.Username, BulkReport.Ok, "deleted")).ToList();
        if (used.Count > 0)
        {
            return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.Delete, accounts.Count, false, records));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Writable(db.Accounts).Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.Delete, accounts.Count, true, records));
    }

    private async Task<ServiceResult<BulkReport>> StartTaskAsync(List<Account> accounts, CreateTaskRequest task, CancellationToken ct)
    {
        var outcome = await tasks.CreateAsync(task with { AccountIds = [.. accounts.Select(a => a.Id)] }, ct);
        if (outcome.Task is not { } created)
        {
            return outcome.Errors is { } fieldErrors
                ? ServiceResult<BulkReport>.Invalid(fieldErrors.ToDictionary(e => "task." + e.Key, e => e.Value))
                : ServiceResult<BulkReport>.Conflict(outcome.Detail ?? "The task was not created.");
        }

        var records = accounts.ConvertAll(a => new BulkRecord(a.Id, a.Username, BulkReport.Ok, $"in task #{created.Id}"));
        return ServiceResult<BulkReport>.Ok(new BulkReport(BulkActions.StartTask, accounts.Count, true, records, created.Id));
    }

    private static BulkRecord Change(Account a, string before, string after, Action apply)
    {
        if (before == after)
        {
            return new BulkRecord(a.Id, a.Username, BulkReport.Unchanged, after);
        }

        apply();
        return new BulkRecord(a.Id, a.Username, BulkReport.Ok, $"{before} → {after}");
    }

    private async Task<ServiceResult<BulkReport>> SaveAsync(string action, List<Account> accounts, Func<Account, BulkRecord> change, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var records = accounts.ConvertAll(a =>
        {
            var record = change(a);
            if (record.Outcome == BulkReport.Ok)
            {
                a.UpdatedAt = now;
            }

            return record;
        });
        await db.SaveChangesAsync(ct);
        return ServiceResult<BulkReport>.Ok(new BulkReport(action, accounts.Count, true, records));
    }
}
