using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>
/// Imports one proxy per line (<c>host:port[:user:pass]</c> or a URL); bad lines are reported, good ones written in one
/// transaction; a line identical to a stored proxy is skipped without a report, so re-importing a file changes nothing.
/// </summary>
public sealed class ProxyImporter(AppDbContext db, ProxyService proxies, Security.AuditLog? audit = null)
{
    public async Task<ServiceResult<ImportReport>> ImportAsync(string text, bool update, string? defaultScheme, CancellationToken ct,
        IProgress<ImportProgress>? progress = null)
    {
        var scheme = ProxyRules.NormalizeScheme(defaultScheme);
        if (!ProxyRules.Schemes.Contains(scheme))
        {
            return ServiceResult<ImportReport>.Invalid("scheme", $"Must be one of {string.Join(", ", ProxyRules.Schemes)}.");
        }

        var errors = new List<ImportLineError>();
        var seen = new Dictionary<(string, int, string?), int>();
        var drafts = new List<(int Number, string Line, ProxyDraft Draft)>();
        foreach (var (number, line) in ImportLines.Read(text))
        {
            if (!ProxyParser.TryParse(line, scheme, out var draft, out var error))
            {
                errors.Add(new ImportLineError(number, ImportLineText.Proxy(line), error));
                continue;
            }

            var key = (draft.Host, draft.Port, draft.Username);
            if (!seen.TryAdd(key, number))
            {
                errors.Add(new ImportLineError(number, ImportLineText.Proxy(line), $"Duplicate of line {seen[key]}."));
                continue;
            }

            drafts.Add((number, line, draft));
        }

        var known = await proxies.FindManyAsync(drafts.Select(d => d.Draft), ct);
        int created = 0, updated = 0, skipped = 0;
        var writes = new List<(ProxyDraft Draft, Proxy? Existing)>();
        foreach (var (number, line, draft) in drafts)
        {
            if (!known.TryGetValue((draft.Host, draft.Port, draft.Username), out var existing))
            {
                created++;
            }
            else if (existing.Scheme == draft.Scheme && existing.Password == draft.Password)
            {
                // Identical: nothing to write, nothing to report (re-importing a file is a no-op).
                skipped++;
                continue;
            }
            else if (update)
            {
                updated++;
            }
            else
            {
                skipped++;
                errors.Add(new ImportLineError(number, ImportLineText.Proxy(line), $"Proxy {draft.Display} already exists (id {existing.Id}) with other details; import with update=true to overwrite it."));
                continue;
            }

            writes.Add((draft, existing));
        }

        try
        {
            audit?.Record(Security.AuditActions.Import, "proxy", null, details: new { rows = writes.Count, update });
            await ImportWriter.WriteAsync(db, writes, w =>
            {
                if (w.Existing is null)
                {
                    proxies.Add(w.Draft);
                }
                else
                {
                    ProxyService.Apply(w.Existing, w.Draft);
                }
            }, progress, ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<ImportReport>.Conflict("Another import added some of these proxies at the same time; nothing was imported, retry.");
        }

        return ServiceResult<ImportReport>.Ok(new ImportReport(created, updated, skipped, errors));
    }
}
