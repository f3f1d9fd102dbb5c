using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>Proxy CRUD for the API and the UI. Passwords are written encrypted and only ever reported as has_password.</summary>
public sealed class ProxyService(AppDbContext db, TimeProvider time)
{
    public async Task<ServiceResult<PagedList<ProxyResponse>>> ListAsync(string? q, string? status, PageQuery page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        page.Validate(errors);
        if (errors.Any)
        {
            return ServiceResult<PagedList<ProxyResponse>>.Invalid(errors.ToDictionary());
        }

        var query = Filter(db.Proxies.AsNoTracking(), new ProxyFilter(q, status));
        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderBy(p => p.Id).Skip(page.Skip).Take(page.Size)).ToListAsync(ct);
        return ServiceResult<PagedList<ProxyResponse>>.Ok(new PagedList<ProxyResponse>(items, total, page.PageNumber, page.Size));
    }

    /// <summary>The proxies a list filter means (host or username search, status); the list and the bulk actions share it.</summary>
    public static IQueryable<Proxy> Filter(IQueryable<Proxy> query, ProxyFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var term = filter.Q.Trim().ToLowerInvariant();
            query = query.Where(p => p.Host.Contains(term) || (p.Username != null && p.Username.Contains(term)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            var status = filter.Status.Trim();
            query = query.Where(p => p.Status == status);
        }

        return query;
    }

    public Task<ProxyResponse?> GetAsync(int id, CancellationToken ct) =>
        Project(db.Proxies.AsNoTracking().Where(p => p.Id == id)).FirstOrDefaultAsync(ct);

    public async Task<ServiceResult<ProxyResponse>> CreateAsync(ProxyRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (ProxyRules.Validate(request.Scheme, request.Host, request.Port, request.Username, request.Password, errors) is not { } draft)
        {
            return ServiceResult<ProxyResponse>.Invalid(errors.ToDictionary());
        }

        if (await FindAsync(draft, ct) is { } existing)
        {
            return ServiceResult<ProxyResponse>.Conflict($"Proxy {draft.Display} with this username already exists (id {existing.Id}).");
        }

        var proxy = Add(draft);
        return await SaveAsync(proxy, draft, ct);
    }

    public async Task<ServiceResult<ProxyResponse>> UpdateAsync(int id, ProxyRequest request, CancellationToken ct)
    {
        var proxy = await db.Proxies.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (proxy is null)
        {
            return ServiceResult<ProxyResponse>.NotFound($"Proxy {id} does not exist.");
        }

        // null keeps the stored password (it is never sent to clients, so they cannot echo it back).
        var password = request.Password ?? proxy.Password;
        var errors = new FieldErrors();
        if (ProxyRules.Validate(request.Scheme, request.Host, request.Port, request.Username, password, errors) is not { } draft)
        {
            return ServiceResult<ProxyResponse>.Invalid(errors.ToDictionary());
        }

        if (await FindAsync(draft, ct, proxy.WorkspaceId) is { } other && other.Id != id)
        {
            return ServiceResult<ProxyResponse>.Conflict($"Proxy {draft.Display} with this username already exists (id {other.Id}).");
        }

        Apply(proxy, draft);
        return await SaveAsync(proxy, draft, ct);
    }

    /// <summary>Deletes the proxy; accounts using it are left without a proxy.</summary>
    public async Task<ServiceResult<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        var deleted = await db.Writable(db.Proxies).Where(p => p.Id == id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? ServiceResult<bool>.NotFound($"Proxy {id} does not exist.") : ServiceResult<bool>.Ok(true);
    }

    /// <summary>The stored proxy with the same host, port and username (the unique key), tracked.</summary>
    public Task<Proxy?> FindAsync(ProxyDraft draft, CancellationToken ct, int? inWorkspace = null)
    {
        var workspaceId = inWorkspace ?? db.CallerWorkspaceId;
        return db.Proxies.FirstOrDefaultAsync(p => p.WorkspaceId == workspaceId && p.Host == draft.Host && p.Port == draft.Port && p.Username == draft.Username, ct);
    }

    /// <summary>The stored proxies matching any of the drafts, tracked, by their unique key: one query for a whole import.</summary>
    public async Task<Dictionary<(string Host, int Port, string? Username), Proxy>> FindManyAsync(IEnumerable<ProxyDraft> drafts, CancellationToken ct)
    {
        var keys = drafts.Select(d => (d.Host, d.Port, d.Username)).ToHashSet();
        var workspaceId = db.CallerWorkspaceId;
        var hosts = keys.Select(k => k.Host).Distinct().ToList();
        var found = new Dictionary<(string, int, string?), Proxy>();
        foreach (var chunk in hosts.Chunk(1000))
        {
            foreach (var p in await db.Proxies.Where(p => p.WorkspaceId == workspaceId && chunk.Contains(p.Host)).ToListAsync(ct))
            {
                if (keys.Contains((p.Host, p.Port, p.Username)))
                {
                    found[(p.Host, p.Port, p.Username)] = p;
                }
            }
        }

        return found;
    }

    /// <summary>Adds a new proxy to the context; it is stored by the caller's SaveChanges.</summary>
    public Proxy Add(ProxyDraft draft)
    {
        var proxy = new Proxy { Host = draft.Host, CreatedAt = time.GetUtcNow() };
        Apply(proxy, draft);
        db.Proxies.Add(proxy);
        return proxy;
    }

    public static void Apply(Proxy proxy, ProxyDraft draft)
    {
        proxy.Scheme = draft.Scheme;
        proxy.Host = draft.Host;
        proxy.Port = draft.Port;
        proxy.Username = draft.Username;
        proxy.Password = draft.Password;
    }

    // Projected in SQL so listing never decrypts a password.
    private IQueryable<ProxyResponse> Project(IQueryable<Proxy> query)
    {
        var ctx = db;
        return query.Select(p => new ProxyResponse(
            p.Id, p.Scheme, p.Host, p.Port, p.Username, p.Password != null, p.Scheme + "://" + p.Host + ":" + p.Port.ToString(),
            p.Status, p.LastCheckedAt, p.LastLatencyMs, p.ExitIp, p.LastError, ctx.Accounts.Count(a => a.ProxyId == p.Id), p.CreatedAt));
    }

    private async Task<ServiceResult<ProxyResponse>> SaveAsync(Proxy proxy, ProxyDraft draft, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<ProxyResponse>.Conflict($"Proxy {draft.Display} with this username already exists.");
        }

        return ServiceResult<ProxyResponse>.Ok((await GetAsync(proxy.Id, ct))!);
    }
}
