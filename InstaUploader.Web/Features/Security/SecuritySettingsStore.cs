using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>Reads and changes the one row of security settings; a change is audited with its old and new values.</summary>
public sealed class SecuritySettingsStore(AppDbContext db, AuditLog audit)
{
    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 3650;

    public async Task<SecuritySettings> GetAsync(CancellationToken ct) =>
        await db.SecuritySettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SecuritySettings.SingletonId, ct) ?? new SecuritySettings();

    public async Task<Dictionary<string, string[]>?> SaveAsync(int auditRetentionDays, bool requireTwoFactor, CancellationToken ct)
    {
        if (auditRetentionDays is < MinRetentionDays or > MaxRetentionDays)
        {
            return new() { ["audit_retention_days"] = [$"From {MinRetentionDays} to {MaxRetentionDays} days."] };
        }

        var settings = await db.SecuritySettings.FirstOrDefaultAsync(s => s.Id == SecuritySettings.SingletonId, ct);
        if (settings is null)
        {
            settings = new SecuritySettings();
            db.SecuritySettings.Add(settings);
        }

        audit.Record(AuditActions.SettingsChanged, "security_settings", settings.Id.ToString(), details: new
        {
            audit_retention_days = new { from = settings.AuditRetentionDays, to = auditRetentionDays },
            require_two_factor = new { from = settings.RequireTwoFactor, to = requireTwoFactor },
        });
        settings.AuditRetentionDays = auditRetentionDays;
        settings.RequireTwoFactor = requireTwoFactor;
        await db.SaveChangesAsync(ct);
        return null;
    }
}
