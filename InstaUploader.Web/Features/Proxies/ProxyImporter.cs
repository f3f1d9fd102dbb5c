using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>Imports one proxy per line (<c>host:port[:user:pass]</c> or a URL); bad lines are reported, good ones kept.</summary>
public sealed class ProxyImporter(AppDbContext db, ProxyService proxies)
{
    public async Task<ServiceResult<ImportReport>> ImportAsync(string text, bool update, string? defaultScheme, CancellationToken ct)
    {
        var scheme = ProxyRules.NormalizeScheme(defaultScheme);
        if (!ProxyRules.Schemes.Contains(scheme))
        {
            return ServiceResult<ImportReport>.Invalid("scheme", $"Must be one of {string.Join(", ", ProxyRules.Schemes)}.");
        }

        var errors = new List<ImportLineError>();
        var seen = new Dictionary<(string, int, string?), int>();
        int created = 0, updated = 0, skipped = 0;
        foreach (var (number, line) in ImportLines.Read(text))
        {
            if (!ProxyParser.TryParse(line, scheme, out var draft, out var error))
            {
                errors.Add(new ImportLineError(number, error));
                continue;
            }

            var key = (draft.Host, draft.Port, draft.Username);
            if (!seen.TryAdd(key, number))
            {
                errors.Add(new ImportLineError(number, $"Duplicate of line {seen[key]}."));
                continue;
            }

            if (await proxies.FindAsync(draft, ct) is not { } existing)
            {
                proxies.Add(draft);
                created++;
            }
            else if (update)
            {
                ProxyService.Apply(existing, draft);
                updated++;
            }
            else
            {
                skipped++;
                errors.Add(new ImportLineError(number, $"Proxy {draft.Display} already exists (id {existing.Id}); import with update=true to overwrite it."));
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<ImportReport>.Conflict("Another import added some of these proxies at the same time; retry.");
        }

        return ServiceResult<ImportReport>.Ok(new ImportReport(created, updated, skipped, errors));
    }
}
