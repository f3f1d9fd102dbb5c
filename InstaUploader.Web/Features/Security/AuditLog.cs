using System.Text.Json;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// Records audit entries into the request's <see cref="AppDbContext"/>, so they are written by the same SaveChanges
/// (and transaction) as the change they describe. Call it just before that SaveChanges.
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    private static readonly JsonSerializerOptions json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Who is acting now: the circuit's user, the request's caller, or the system.</summary>
    public AuditCaller Caller =>
        AuditCircuitHandler.Current
        ?? (http.HttpContext is { } context ? AuditCaller.From(context.User, context) : AuditCaller.System);

    // Users and the security settings are the agency's, not one workspace's: their entries name no workspace.
    private static readonly string[] AgencyRecords = ["user", "security_settings"];

    /// <summary>
    /// Adds an entry to be saved with the next SaveChanges; <paramref name="details"/> must hold no secret. Without a
    /// workspace, a change to a workspace's records is filed under the one the caller acts in, whose admins read it.
    /// </summary>
    public AuditEntry Record(string action, string? recordType = null, string? recordId = null, int? workspaceId = null,
        object? details = null, AuditCaller? caller = null)
    {
        var who = caller ?? Caller;
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(), UserId = who.UserId, Actor = Truncate(who.Actor, 256)!, Action = action,
            RecordType = recordType, RecordId = Truncate(recordId, 128),
            WorkspaceId = workspaceId ?? who.WorkspaceId ?? (AgencyRecords.Contains(recordType) ? null : db.ActingWorkspaceId),
            Ip = who.Ip, UserAgent = Truncate(who.UserAgent, 512),
            Details = details is null ? null : JsonSerializer.Serialize(details, json),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>For actions that change nothing in the database (a failed sign-in, a reveal, an export): written at once.</summary>
    public async Task WriteAsync(string action, string? recordType = null, string? recordId = null, int? workspaceId = null,
        object? details = null, AuditCaller? caller = null, CancellationToken ct = default)
    {
        Record(action, recordType, recordId, workspaceId, details, caller);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Saves pending inserts and then the entry <paramref name="record"/> adds, in one transaction: an entry names the
    /// new record by its id, which the database gives only at the insert.
    /// </summary>
    public async Task SaveInsertAsync(Action<AuditLog> record, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            await db.SaveChangesAsync(ct);
            record(this);
            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
    }

    /// <summary>A sign-in attempt, by whoever typed <paramref name="email"/> (no user is signed in yet).</summary>
    public async Task SignInAsync(string email, string? userId, bool succeeded, string? reason, CancellationToken ct = default)
    {
        var caller = (http.HttpContext is { } context ? AuditCaller.From(new System.Security.Claims.ClaimsPrincipal(), context) : AuditCaller.System)
            with { UserId = userId, Actor = email };
        await WriteAsync(succeeded ? AuditActions.SignIn : AuditActions.SignInFailed, "user", userId,
            details: reason is null ? null : new { reason }, caller: caller, ct: ct);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
