using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Data;

/// <summary>Tables of personal API tokens, the audit trail and the security settings.</summary>
internal static class SecurityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ApiToken>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.Property(t => t.Hint).HasMaxLength(16);
            e.Property(t => t.Role).HasMaxLength(16);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.HasOne<IdentityUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AuditEntry>(e =>
        {
            e.Property(x => x.Actor).HasMaxLength(256);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.RecordType).HasMaxLength(64);
            e.Property(x => x.RecordId).HasMaxLength(128);
            e.Property(x => x.Ip).HasMaxLength(64);
            e.Property(x => x.UserAgent).HasMaxLength(512);
            e.Property(x => x.Details).HasColumnType("jsonb");
            // The page walks newest first by id (keyset); each filter has an index that keeps that order.
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.UserId, x.Id }).IsDescending(false, true);
            e.HasIndex(x => new { x.Actor, x.Id }).IsDescending(false, true);
            e.HasIndex(x => new { x.Action, x.Id }).IsDescending(false, true);
            e.HasIndex(x => new { x.WorkspaceId, x.Id }).IsDescending(false, true);
            e.HasIndex(x => new { x.RecordType, x.RecordId, x.Id }).IsDescending(false, false, true);
        });

        b.Entity<SecuritySettings>(e =>
        {
            e.Property(s => s.Id).ValueGeneratedNever();
            e.HasData(new SecuritySettings());
        });
    }
}
