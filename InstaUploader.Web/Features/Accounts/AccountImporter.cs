using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Proxies;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Imports accounts, one per line: <c>username:password[:2fa_secret[:email[:email_password[:proxy]]]]</c>, the proxy
/// in any <see cref="ProxyParser"/> notation. Bad lines are reported with their numbers; good lines are written in
/// one transaction (all or none). Existing usernames are left alone (counted as skipped, and reported when the line
/// differs) unless <c>update</c> is set; a line identical to the stored account is never written, so re-importing a
/// file changes nothing.
/// </summary>
public sealed class AccountImporter(AppDbContext db, ProxyService proxies, TimeProvider time, Security.AuditLog? audit = null)
{
    public async Task<ServiceResult<ImportReport>> ImportAsync(string text, bool update, CancellationToken ct, IProgress<ImportProgress>? progress = null)
    {
        var errors = new List<ImportLineError>();
        var valid = new List<(int Number, string Line, AccountRequest Request, ProxyDraft? Proxy)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, line) in ImportLines.Read(text))
        {
            if (Parse(line, out var error) is not { } parsed)
            {
                errors.Add(new ImportLineError(number, ImportLineText.Account(line), error));
            }
            else if (!seen.TryAdd(parsed.Request.Username!, number))
            {
                errors.Add(new ImportLineError(number, ImportLineText.Account(line), $"Duplicate of line {seen[parsed.Request.Username!]}."));
            }
            else
            {
                valid.Add((number, line, parsed.Request, parsed.Proxy));
            }
        }

        var existing = new Dictionary<string, Account>(StringComparer.Ordinal);
        var workspaceId = db.CallerWorkspaceId;
        foreach (var chunk in valid.Select(v => v.Request.Username!).Chunk(1000))
        {
            foreach (var a in await db.Accounts.Where(a => a.WorkspaceId == workspaceId && chunk.Contains(a.Username)).ToListAsync(ct))
            {
                existing[a.Username] = a;
            }
        }

        var knownProxies = await proxies.FindManyAsync(valid.Where(v => v.Proxy is not null).Select(v => v.Proxy!), ct);
        var now = time.GetUtcNow();
        int created = 0, updated = 0, skipped = 0;
        var writes = new List<(AccountRequest Request, ProxyDraft? Draft, Account? Account)>();
        foreach (var (number, line, request, draft) in valid)
        {
            if (existing.TryGetValue(request.Username!, out var account))
            {
                if (Same(account, request, draft, knownProxies))
                {
                    skipped++;
                    continue;
                }

                if (!update)
                {
                    skipped++;
                    errors.Add(new ImportLineError(number, ImportLineText.Account(line), $"Account '{request.Username}' already exists with other details; import with update=true to overwrite it."));
                    continue;
                }

                updated++;
            }
            else
            {
                created++;
            }

            writes.Add((request, draft, account));
        }

        try
        {
            audit?.Record(Security.AuditActions.Import, "account", null, details: new { rows = writes.Count, created, update });
            await ImportWriter.WriteAsync(db, writes, w =>
            {
                var proxy = w.Draft is null ? null : ProxyFor(w.Draft, knownProxies);
                var account = w.Account;
                if (account is null)
                {
                    account = new Account { Username = w.Request.Username!, Password = w.Request.Password!, CreatedAt = now };
                    db.Accounts.Add(account);
                }

                AccountService.Apply(account, w.Request, proxy, replaceOptional: false, now);
            }, progress, ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<ImportReport>.Conflict("Another import or edit added some of these accounts at the same time; nothing was imported, retry.");
        }

        return ServiceResult<ImportReport>.Ok(new ImportReport(created, updated, skipped, errors.OrderBy(e => e.Line).ToList()));
    }

    /// <summary>True when the line would change nothing on the stored account (fields the line leaves out are not compared).</summary>
    private static bool Same(Account a, AccountRequest r, ProxyDraft? draft, Dictionary<(string, int, string?), Proxy> known) =>
        a.Password == r.Password
        && (r.TwoFactorSecret is null || a.TwoFactorSecret == r.TwoFactorSecret)
        && (r.EmailLogin is null || a.EmailLogin == r.EmailLogin)
        && (r.EmailPassword is null || a.EmailPassword == r.EmailPassword)
        && (draft is null || (known.TryGetValue((draft.Host, draft.Port, draft.Username), out var p) && a.ProxyId == p.Id
            && p.Scheme == draft.Scheme && p.Password == draft.Password));

    private Proxy ProxyFor(ProxyDraft draft, Dictionary<(string, int, string?), Proxy> known)
    {
        var key = (draft.Host, draft.Port, draft.Username);
        if (!known.TryGetValue(key, out var proxy))
        {
            known[key] = proxy = proxies.Add(draft);
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
