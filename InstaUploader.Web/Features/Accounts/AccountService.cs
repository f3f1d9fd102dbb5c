using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Pacing;
using InstaUploader.Web.Features.Proxies;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>Account CRUD for the API and the UI. Secrets go in encrypted and never come back out.</summary>
public sealed class AccountService(AppDbContext db, ProxyService proxies, TimeProvider time)
{
    public async Task<ServiceResult<PagedList<AccountResponse>>> ListAsync(AccountFilter filter, PageQuery page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        page.Validate(errors);
        ValidateFilter(filter, errors);
        if (errors.Any)
        {
            return ServiceResult<PagedList<AccountResponse>>.Invalid(errors.ToDictionary());
        }

        var query = Filter(db.Accounts.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var rows = await Project(query.OrderBy(a => a.Username).Skip(page.Skip).Take(page.Size)).ToListAsync(ct);
        return ServiceResult<PagedList<AccountResponse>>.Ok(new PagedList<AccountResponse>(rows.ConvertAll(ToResponse), total, page.PageNumber, page.Size));
    }

    /// <summary>Field errors of a list filter (status must be known, tag well-formed).</summary>
    public static void ValidateFilter(AccountFilter filter, FieldErrors errors)
    {
        AccountRules.ValidateStatus(string.IsNullOrWhiteSpace(filter.Status) ? null : filter.Status, errors);
        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            AccountRules.NormalizeTags([filter.Tag], "tag", errors);
        }

        if (!string.IsNullOrWhiteSpace(filter.Health) && !AccountHealth.All.Contains(filter.Health))
        {
            errors.Add("health", $"One of: {string.Join(", ", AccountHealth.All)}.");
        }
    }

    /// <summary>The accounts a filter means; the list, the bulk actions and the task forms all go through here.</summary>
    public static IQueryable<Account> Filter(IQueryable<Account> query, AccountFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var term = AccountRules.NormalizeUsername(filter.Q);
            query = query.Where(a => a.Username.Contains(term));
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            query = query.Where(a => a.Status == filter.Status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = AccountRules.NormalizeTag(filter.Tag);
            query = query.Where(a => a.Tags.Contains(tag));
        }

        if (!string.IsNullOrWhiteSpace(filter.Health))
        {
            query = AccountHealthQuery.Having(query, filter.Health, DateTimeOffset.UtcNow);
        }

        return query;
    }

    /// <summary>Every tag in use with its number of accounts, for the filters' pickers.</summary>
    public Task<List<TagCount>> TagsAsync(CancellationToken ct) =>
        db.Accounts.AsNoTracking().SelectMany(a => a.Tags).GroupBy(t => t).OrderBy(g => g.Key)
            .Select(g => new TagCount(g.Key, g.Count())).ToListAsync(ct);

    public sealed record TagCount(string Tag, int Accounts);

    public async Task<AccountResponse?> GetAsync(int id, CancellationToken ct) =>
        await Project(db.Accounts.AsNoTracking().Where(a => a.Id == id)).FirstOrDefaultAsync(ct) is { } row ? ToResponse(row) : null;

    public async Task<ServiceResult<AccountResponse>> CreateAsync(AccountRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (AccountRules.Normalize(request, creating: true, errors) is not { } r)
        {
            return ServiceResult<AccountResponse>.Invalid(errors.ToDictionary());
        }

        var proxy = await ResolveProxyAsync(r, errors, ct);
        if (errors.Any)
        {
            return ServiceResult<AccountResponse>.Invalid(errors.ToDictionary());
        }

        var workspaceId = db.CallerWorkspaceId;
        if (await db.Accounts.AnyAsync(a => a.WorkspaceId == workspaceId && a.Username == r.Username, ct))
        {
            return ServiceResult<AccountResponse>.Conflict($"Account '{r.Username}' already exists.");
        }

        var now = time.GetUtcNow();
        var account = new Account { Username = r.Username!, Password = r.Password!, CreatedAt = now };
        Apply(account, r, proxy, replaceOptional: true, now);
        db.Accounts.Add(account);
        return await SaveAsync(account, ct);
    }

    public async Task<ServiceResult<AccountResponse>> UpdateAsync(int id, AccountRequest request, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return ServiceResult<AccountResponse>.NotFound($"Account {id} does not exist.");
        }

        var errors = new FieldErrors();
        if (AccountRules.Normalize(request, creating: false, errors) is not { } r)
        {
            return ServiceResult<AccountResponse>.Invalid(errors.ToDictionary());
        }

        var proxy = await ResolveProxyAsync(r, errors, ct);
        if (errors.Any)
        {
            return ServiceResult<AccountResponse>.Invalid(errors.ToDictionary());
        }

        if (r.Username != account.Username && await db.Accounts.AnyAsync(a => a.WorkspaceId == account.WorkspaceId && a.Username == r.Username, ct))
        {
            return ServiceResult<AccountResponse>.Conflict($"Account '{r.Username}' already exists.");
        }

        Apply(account, r, proxy, replaceOptional: true, time.GetUtcNow());
        return await SaveAsync(account, ct);
    }

    public async Task<ServiceResult<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == id, ct))
        {
            return ServiceResult<bool>.NotFound($"Account {id} does not exist.");
        }

        // Task items keep their account for history (FK restrict); such accounts are disabled instead.
        if (await db.TaskItems.AnyAsync(i => i.AccountId == id, ct))
        {
            return ServiceResult<bool>.Conflict($"Account {id} is used by tasks; set its status to '{AccountStatus.Disabled}' instead.");
        }

        try
        {
            await db.Writable(db.Accounts).Where(a => a.Id == id).ExecuteDeleteAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsForeignKeyViolation())
        {
            return ServiceResult<bool>.Conflict($"Account {id} is used by tasks; set its status to '{AccountStatus.Disabled}' instead.");
        }

        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>
    /// Copies a normalised request onto the entity. With <paramref name="replaceOptional"/> false (imports) only the
    /// fields present are written; secrets are only ever written when present (null = keep, "" = clear).
    /// </summary>
    internal static void Apply(Account account, AccountRequest r, Proxy? proxy, bool replaceOptional, DateTimeOffset now)
    {
        account.Username = r.Username!;
        if (!string.IsNullOrEmpty(r.Password))
        {
            account.Password = r.Password;
        }

        if (r.TwoFactorSecret is not null)
        {
            account.TwoFactorSecret = r.TwoFactorSecret.Length == 0 ? null : r.TwoFactorSecret;
        }

        if (r.EmailPassword is not null)
        {
            account.EmailPassword = r.EmailPassword.Length == 0 ? null : r.EmailPassword;
        }

        if (replaceOptional || r.EmailLogin is not null)
        {
            account.EmailLogin = r.EmailLogin;
        }

        if (replaceOptional || proxy is not null)
        {
            account.Proxy = proxy;
            account.ProxyId = proxy is { Id: > 0 } ? proxy.Id : null;
        }

        if (replaceOptional)
        {
            account.DolphinProfileId = r.DolphinProfileId;
            account.Notes = r.Notes;
            account.TimeZone = r.TimeZone;
        }

        if (r.Tags is not null)
        {
            account.Tags = [.. r.Tags];
        }

        if (r.Status is not null)
        {
            account.Status = r.Status;
        }

        account.UpdatedAt = now;
    }

    /// <summary>The proxy named by proxy_id, or the one in the proxy string (found, or added unsaved).</summary>
    internal async Task<Proxy?> ResolveProxyAsync(AccountRequest r, FieldErrors errors, CancellationToken ct)
    {
        if (r.ProxyId is { } id)
        {
            var proxy = await db.Proxies.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (proxy is null)
            {
                errors.Add("proxy_id", $"No proxy with id {id}.");
            }

            return proxy;
        }

        if (r.Proxy is null)
        {
            return null;
        }

        if (!ProxyParser.TryParse(r.Proxy, "http", out var draft, out var error))
        {
            errors.Add("proxy", error);
            return null;
        }

        return await proxies.FindAsync(draft, ct) ?? proxies.Add(draft);
    }

    private async Task<ServiceResult<AccountResponse>> SaveAsync(Account account, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<AccountResponse>.Conflict($"Account '{account.Username}' (or its new proxy) already exists.");
        }

        return ServiceResult<AccountResponse>.Ok((await GetAsync(account.Id, ct))!);
    }

    private sealed record AccountRow(
        int Id, string Username, bool HasPassword, string? TwoFactorSecret, string? EmailLogin, bool HasEmailPassword,
        string? DolphinProfileId, int? ProxyId, string? ProxyScheme, string? ProxyUser, string? ProxyHost, int? ProxyPort, string Status,
        string? LastError, DateTimeOffset? LastErrorAt, bool HasSession, int CookiesCount, DateTimeOffset? LastLoginAt, string? Notes,
        List<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? TimeZone, string Health, DateTimeOffset? CoolingUntil);

    // Only the 2FA seed is selected (and so decrypted) for masking; passwords, sessions and cookies stay in the database.
    private static IQueryable<AccountRow> Project(IQueryable<Account> query) => query.Select(a => new AccountRow(
        a.Id, a.Username, a.Password != null, a.TwoFactorSecret, a.EmailLogin, a.EmailPassword != null, a.DolphinProfileId,
        a.ProxyId, a.Proxy == null ? null : a.Proxy.Scheme, a.Proxy == null ? null : a.Proxy.Username, a.Proxy == null ? null : a.Proxy.Host,
        a.Proxy == null ? null : (int?)a.Proxy.Port, a.Status, a.LastError, a.LastErrorAt, a.SessionSettings != null, a.CookiesCount,
        a.LastLoginAt, a.Notes, a.Tags, a.CreatedAt, a.UpdatedAt, a.TimeZone, a.Health, a.CoolingUntil));

    private static AccountResponse ToResponse(AccountRow r) => new(
        r.Id, r.Username, r.HasPassword, r.TwoFactorSecret is not null, AccountRules.MaskTail(r.TwoFactorSecret), r.EmailLogin,
        r.HasEmailPassword, AccountRules.MaskAll(r.HasEmailPassword), r.DolphinProfileId, r.ProxyId,
        r.ProxyHost is null ? null : Proxy.Label(r.ProxyScheme!, r.ProxyUser, r.ProxyHost, r.ProxyPort ?? 0), r.Status, r.LastError, r.LastErrorAt, r.HasSession,
        r.CookiesCount, r.LastLoginAt, r.Notes, r.Tags, r.CreatedAt, r.UpdatedAt, r.TimeZone,
        AccountHealth.Effective(r.Health, r.CoolingUntil, DateTimeOffset.UtcNow), AccountHealth.IsResting(r.Health) ? r.CoolingUntil : null);
}
