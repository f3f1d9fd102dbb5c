using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Proxies;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Imports accounts, one per line: <c>username:password[:2fa_secret[:email[:email_password[:proxy]]]]</c>, the proxy
/// in any <see cref="ProxyParser"/> notation. Bad lines are reported with their numbers; good lines are kept.
/// Existing usernames are left alone (reported and counted as skipped) unless <c>update</c> is set.
/// </summary>
public sealed class AccountImporter(AppDbContext db, ProxyService proxies, TimeProvider time)
{
    public async Task<ServiceResult<ImportReport>> ImportAsync(string text, bool update, CancellationToken ct)
    {
        var errors = new List<ImportLineError>();
        var valid = new List<(int Number, AccountRequest Request, ProxyDraft? Proxy)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, line) in ImportLines.Read(text))
        {
            if (Parse(line, out var error) is not { } parsed)
            {
                errors.Add(new ImportLineError(number, error));
            }
            else if (!seen.TryAdd(parsed.Request.Username!, number))
            {
                errors.Add(new ImportLineError(number, $"Duplicate of line {seen[parsed.Request.Username!]}."));
            }
            else
            {
                valid.Add((number, parsed.Request, parsed.Proxy));
            }
        }

        var usernames = valid.Select(v => v.Request.Username!).ToList();
        var existing = await db.Accounts.Where(a => usernames.Contains(a.Username)).ToDictionaryAsync(a => a.Username, ct);
        var proxyCache = new Dictionary<(string, int, string?), Proxy>();
        var now = time.GetUtcNow();
        int created = 0, updated = 0, skipped = 0;
        foreach (var (number, request, draft) in valid)
        {
            if (existing.TryGetValue(request.Username!, out var account) && !update)
            {
                skipped++;
                errors.Add(new ImportLineError(number, $"Account '{request.Username}' already exists; import with update=true to overwrite it."));
                continue;
            }

            var proxy = draft is null ? null : await ProxyAsync(draft, proxyCache, ct);
            if (account is null)
            {
                account = new Account { Username = request.Username!, Password = request.Password!, CreatedAt = now };
                db.Accounts.Add(account);
                created++;
            }
            else
            {
                updated++;
            }

            AccountService.Apply(account, request, proxy, replaceOptional: false, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<ImportReport>.Conflict("Another import or edit added some of these accounts at the same time; retry.");
        }

        return ServiceResult<ImportReport>.Ok(new ImportReport(created, updated, skipped, errors.OrderBy(e => e.Line).ToList()));
    }

    private async Task<Proxy> ProxyAsync(ProxyDraft draft, Dictionary<(string, int, string?), Proxy> cache, CancellationToken ct)
    {
        var key = (draft.Host, draft.Port, draft.Username);
        if (!cache.TryGetValue(key, out var proxy))
        {
            cache[key] = proxy = await proxies.FindAsync(draft, ct) ?? proxies.Add(draft);
        }

        return proxy;
    }

    private static (AccountRequest Request, ProxyDraft? Proxy)? Parse(string line, out string error)
    {
        // The proxy comes last and keeps its own colons.
        var fields = line.Split(':', 6);
        if (fields.Length < 2 || fields[1].Length == 0)
        {
            error = "Expected username:password[:2fa_secret[:email[:email_password[:proxy]]]].";
            return null;
        }

        string? Field(int i) => fields.Length > i ? AccountRules.Blank(fields[i]) : null;
        var request = new AccountRequest(fields[0], fields[1], Field(2), Field(3), Field(4));
        var errors = new FieldErrors();
        var normalized = AccountRules.Normalize(request, creating: true, errors);
        ProxyDraft? proxy = null;
        if (Field(5) is { } proxyText && !ProxyParser.TryParse(proxyText, "http", out proxy, out var proxyError))
        {
            errors.Add("proxy", proxyError);
        }

        error = errors.ToString();
        return errors.Any ? null : (normalized!, proxy);
    }
}
