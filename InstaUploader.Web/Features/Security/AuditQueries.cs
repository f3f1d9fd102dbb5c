using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>Filters on the audit trail; every one is optional.</summary>
public sealed record AuditFilter(string? User = null, int? WorkspaceId = null, string? Action = null, string? RecordType = null,
    string? RecordId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Reads the audit trail newest first, a page at a time by keyset (entries older than the last id seen).</summary>
public sealed class AuditQueries(AppDbContext db)
{
    public const int PageSize = 50;

    public sealed record Page(List<AuditEntry> Entries, long? NextBefore);

    public async Task<Page> PageAsync(AuditFilter filter, long? before, CancellationToken ct, int size = PageSize)
    {
        var query = Filtered(filter);
        if (before is { } b)
        {
            query = query.Where(e => e.Id < b);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(ct);
        var next = rows.Count > size ? rows[size - 1].Id : (long?)null;
        return new Page(rows.Take(size).ToList(), next);
    }

    /// <summary>Every matching entry, newest first, streamed (the CSV export).</summary>
    public IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter) =>
        Filtered(filter).OrderByDescending(e => e.Id).AsAsyncEnumerable();

    private IQueryable<AuditEntry> Filtered(AuditFilter f)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.User))
        {
            var user = f.User.Trim();
            query = query.Where(e => e.UserId == user || e.Actor == user);
        }

        if (f.WorkspaceId is { } workspace)
        {
            query = query.Where(e => e.WorkspaceId == workspace);
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            query = query.Where(e => e.Action == f.Action);
        }

        if (!string.IsNullOrWhiteSpace(f.RecordType))
        {
            query = query.Where(e => e.RecordType == f.RecordType);
        }

        if (!string.IsNullOrWhiteSpace(f.RecordId))
        {
            query = query.Where(e => e.RecordId == f.RecordId);
        }

        if (f.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (f.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        return query;
    }
}
