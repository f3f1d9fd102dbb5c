using InstaUploader.Web.Features.Pacing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using InstaUploader.Web.Features.Workspaces;

namespace InstaUploader.Web.Data;

/// <summary>The control plane's database: Identity (operators), accounts, media, tasks and their items, workers.</summary>
public sealed partial class AppDbContext(
    DbContextOptions<AppDbContext> options,
    IDataProtectionProvider dataProtection,
    ICurrentWorkspace? workspace = null)
    : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Proxy> Proxies => Set<Proxy>();
    public DbSet<MediaFile> Media => Set<MediaFile>();
    public DbSet<AutomationTask> Tasks => Set<AutomationTask>();
    public DbSet<TaskItem> TaskItems => Set<TaskItem>();
    public DbSet<TaskVideo> TaskVideos => Set<TaskVideo>();
    public DbSet<WorkerNode> Workers => Set<WorkerNode>();
    public DbSet<TaskLock> TaskLocks => Set<TaskLock>();
    public DbSet<WorkerJob> WorkerJobs => Set<WorkerJob>();
    public DbSet<WorkerError> WorkerErrors => Set<WorkerError>();
    public DbSet<WorkerMetricSample> WorkerMetrics => Set<WorkerMetricSample>();
    public DbSet<ItemLog> ItemLogs => Set<ItemLog>();
    public DbSet<FollowCategory> FollowCategories => Set<FollowCategory>();
    public DbSet<FollowTarget> FollowTargets => Set<FollowTarget>();
    public DbSet<ProcessedRequest> ProcessedRequests => Set<ProcessedRequest>();
    public DbSet<ActionEvent> ActionEvents => Set<ActionEvent>();
    public DbSet<PacingEvent> PacingEvents => Set<PacingEvent>();
    public DbSet<ActionLimit> ActionLimits => Set<ActionLimit>();
    public DbSet<AccountPause> AccountPauses => Set<AccountPause>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SecuritySettings> SecuritySettings => Set<SecuritySettings>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<WorkspaceInvitation> WorkspaceInvitations => Set<WorkspaceInvitation>();
    public DbSet<ProxyShare> ProxyShares => Set<ProxyShare>();
    public DbSet<MediaShare> MediaShares => Set<MediaShare>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var b = builder;
        ValueConverter secret = new SecretConverter(dataProtection);

        b.Entity<Account>(e =>
        {
            // Per workspace: the same Instagram account may be a client of two agencies' workspaces (AppDbContext.Workspaces).
            e.HasIndex(a => new { a.WorkspaceId, a.Username }).IsUnique();
            e.HasIndex(a => a.Username);
            e.HasIndex(a => a.Tags).HasMethod("gin");
            e.Property(a => a.Tags).HasDefaultValueSql("'{}'::text[]");
            e.Property(a => a.Username).HasMaxLength(64);
            e.Property(a => a.Status).HasMaxLength(32);
            e.Property(a => a.TimeZone).HasMaxLength(64);
            e.Property(a => a.Password).HasConversion(secret);
            e.Property(a => a.TwoFactorSecret).HasConversion(secret);
            e.Property(a => a.EmailPassword).HasConversion(secret);
            e.Property(a => a.SessionSettings).HasConversion(secret);
            e.Property(a => a.Cookies).HasConversion(secret);
            e.HasOne(a => a.Proxy).WithMany().OnDelete(DeleteBehavior.SetNull);
            e.Property(a => a.Health).HasMaxLength(32).HasDefaultValue(AccountHealth.Healthy);
            e.Property(a => a.Pace).HasDefaultValue(1.0).HasSentinel(0.0);
            e.HasIndex(a => a.Health);
        });

        b.Entity<ActionEvent>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.Action, x.OccurredAt });
            e.HasIndex(x => x.ItemId);
            e.Property(x => x.Action).HasMaxLength(32);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<PacingEvent>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.At });
            e.HasIndex(x => new { x.ProxyId, x.At });
            e.HasIndex(x => new { x.Kind, x.At });
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Proxy>().WithMany().HasForeignKey(x => x.ProxyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ActionLimit>(e =>
        {
            e.HasIndex(x => new { x.WorkspaceId, x.AccountId, x.Action }).IsUnique().AreNullsDistinct(false);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AccountPause>(e =>
        {
            e.HasKey(x => new { x.AccountId, x.Action });
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Proxy>(e =>
        {
            e.HasIndex(p => new { p.WorkspaceId, p.Host, p.Port, p.Username }).IsUnique();
            e.Property(p => p.Password).HasConversion(secret);
            e.Ignore(p => p.Display);
            e.Property(p => p.Pace).HasDefaultValue(1.0).HasSentinel(0.0);
        });

        b.Entity<MediaFile>(e => e.HasIndex(m => m.Sha256));

        b.Entity<AutomationTask>(e =>
        {
            // The database refuses a status word the queue does not know (docs/protocol.md#statuses).
            e.ToTable("tasks", t => t.HasCheckConstraint("ck_tasks_status", StatusCheck(TaskStatuses.All)));
            e.Property(t => t.Options).HasColumnType("jsonb");
            e.HasIndex(t => new { t.Kind, t.Status });
            e.HasMany(t => t.Items).WithOne(i => i.Task).HasForeignKey(i => i.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(t => t.Videos).WithOne().HasForeignKey(v => v.TaskId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<TaskItem>(e =>
        {
            e.ToTable(t => t.HasCheckConstraint("ck_task_items_status", StatusCheck(ItemStatuses.All)));
            e.Property(i => i.Result).HasColumnType("jsonb");
            e.Property(i => i.AttemptErrors).HasDefaultValueSql("'{}'::text[]");
            e.HasOne(i => i.Account).WithMany().OnDelete(DeleteBehavior.Restrict);
            // The claim query's path, in its ORDER BY: walked in order, it stops at the first runnable item.
            e.HasIndex(i => new { i.Priority, i.RunAfter, i.Id }).IsDescending(true, false, false).HasFilter($"status = '{ItemStatuses.Queued}'")
                .HasDatabaseName("ix_task_items_claim_order");
            // The dashboard's last-hour throughput.
            e.HasIndex(i => i.FinishedAt).HasFilter("finished_at IS NOT NULL").IncludeProperties(i => i.Status);
            // DB-level account lock (docs/protocol.md#claim): at most one in-progress item per Instagram account, across all tasks.
            e.HasIndex(i => i.AccountId).IsUnique().HasFilter($"status = '{ItemStatuses.InProgress}' AND account_id IS NOT NULL")
                .HasDatabaseName("ux_task_items_account_in_progress");
            e.HasIndex(i => new { i.Status, i.LeaseExpiresAt }).HasFilter($"status = '{ItemStatuses.InProgress}'");
            e.HasIndex(i => new { i.TaskId, i.Position });
            // Task roll-up asks "does this task still have runnable items?" after every completion.
            e.HasIndex(i => new { i.TaskId, i.Status });
            // The posting calendar's range queries.
            e.HasIndex(i => i.DueAt).HasFilter("due_at IS NOT NULL");
        });

        b.Entity<TaskVideo>(e => e.HasOne(v => v.Media).WithMany().OnDelete(DeleteBehavior.Restrict));

        b.Entity<WorkerNode>(e => e.Property(w => w.Metrics).HasColumnType("jsonb"));
        b.Entity<TaskLock>(e => e.HasKey(l => l.Key));
        b.Entity<WorkerJob>(e =>
        {
            e.Property(j => j.Id).HasMaxLength(64);
            e.Property(j => j.Kind).HasMaxLength(32);
            e.Property(j => j.Options).HasColumnType("jsonb");
            e.HasIndex(j => j.AcceptedAt);
            e.HasIndex(j => j.TaskId);
        });
        b.Entity<ProcessedRequest>(e =>
        {
            e.HasKey(r => r.Key);
            e.HasIndex(r => r.At);
        });
        b.Entity<WorkerError>(e => e.HasIndex(x => x.At));
        b.Entity<WorkerMetricSample>(e =>
        {
            e.Property(x => x.Metrics).HasColumnType("jsonb");
            e.HasIndex(x => new { x.WorkerId, x.At });
        });
        b.Entity<ItemLog>(e =>
        {
            e.HasIndex(x => x.ItemId);
            // A task's latest lines (the task page) without walking every line of every task.
            e.HasIndex(x => new { x.TaskId, x.Id }).IsDescending(false, true);
        });
        b.Entity<FollowCategory>(e =>
        {
            e.HasIndex(c => new { c.WorkspaceId, c.Name }).IsUnique();
            e.HasMany(c => c.Targets).WithOne().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<FollowTarget>(e => e.HasIndex(t => new { t.CategoryId, t.Username }).IsUnique());
        SecurityModel.Configure(b);
        OnWorkspacesCreating(b);
        ApplyWorkspaceFilters(b);
    }

    /// <summary>A CHECK expression admitting only <paramref name="words"/> in the status column.</summary>
    private static string StatusCheck(IEnumerable<string> words) => $"status IN ({string.Join(", ", words.Select(w => $"'{w}'"))})";
}
