using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Data;

/// <summary>
/// Workspaces in the model: every workspace-owned record passes a global query filter on the caller's workspaces
/// (<see cref="ICurrentWorkspace"/>), so a query written anywhere cannot return another workspace's rows; saving fills
/// a new record's workspace and refuses writes the caller's role may not make or into a workspace it does not see.
/// </summary>
public sealed partial class AppDbContext
{
    // Read by the query filters at every query (EF parameterises context members), so they follow the scope's caller.
    private bool SeesEverything => CallerWorkspace?.VisibleWorkspaceIds is null;

    private int[] VisibleWorkspaces => CallerWorkspace?.VisibleWorkspaceIds?.ToArray() ?? [];

    private ICurrentWorkspace? CallerWorkspace => workspace;

    /// <summary>
    /// The workspace a new record goes into (the caller's active one; the default one for the system). Names are unique
    /// within a workspace, so a duplicate is looked for here, never across workspaces (that would leak existence).
    /// </summary>
    public int CallerWorkspaceId => workspace?.WorkspaceId ?? Workspace.DefaultId;

    /// <summary>The workspace a person, a token or the operator token acts in; null for machines and the system.</summary>
    public int? ActingWorkspaceId => workspace?.Role is null ? null : workspace.WorkspaceId;

    /// <summary>
    /// The caller's own records of <paramref name="source"/>, for set-based writes (ExecuteUpdate/ExecuteDelete) that pass
    /// no SaveChanges guard: a record lent by another workspace is not among them, and a role that may not write is refused.
    /// </summary>
    public IQueryable<T> Writable<T>(IQueryable<T> source)
        where T : class, IWorkspaceOwned
    {
        GuardRole();
        var owned = VisibleWorkspaces;
        return SeesEverything ? source : source.Where(x => owned.Contains(x.WorkspaceId));
    }

    private static void OnWorkspacesCreating(ModelBuilder b)
    {
        b.Entity<Workspace>(e =>
        {
            e.ToTable("workspaces");
            e.Property(w => w.Name).HasMaxLength(100);
            e.HasIndex(w => w.Name).IsUnique();
        });
        b.Entity<WorkspaceMember>(e =>
        {
            e.ToTable("workspace_members");
            e.HasKey(m => new { m.WorkspaceId, m.UserId });
            e.HasIndex(m => m.UserId);
            e.Property(m => m.Role).HasMaxLength(16);
            e.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Microsoft.AspNetCore.Identity.IdentityUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<WorkspaceInvitation>(e =>
        {
            e.ToTable("workspace_invitations");
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.Property(i => i.Role).HasMaxLength(16);
            e.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ProxyShare>(e =>
        {
            e.ToTable("workspace_proxy_shares");
            e.HasKey(s => new { s.ProxyId, s.WorkspaceId });
            e.HasOne<Proxy>().WithMany(p => p.Shares).HasForeignKey(s => s.ProxyId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MediaShare>(e =>
        {
            e.ToTable("workspace_media_shares");
            e.HasKey(s => new { s.MediaId, s.WorkspaceId });
            e.HasOne<MediaFile>().WithMany(m => m.Shares).HasForeignKey(s => s.MediaId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });

        OwnedBy<Account>(b);
        OwnedBy<Proxy>(b);
        OwnedBy<MediaFile>(b);
        OwnedBy<AutomationTask>(b);
        OwnedBy<FollowCategory>(b);
    }

    private static void OwnedBy<T>(ModelBuilder b)
        where T : class, IWorkspaceOwned
    {
        b.Entity<T>(e =>
        {
            e.Property(x => x.WorkspaceId).HasDefaultValue(Workspace.DefaultId);
            e.HasIndex(x => x.WorkspaceId);
            e.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>The filters are declared on the instance so they read this context's caller.</summary>
    private void ApplyWorkspaceFilters(ModelBuilder b)
    {
        b.Entity<Account>().HasQueryFilter(a => SeesEverything || VisibleWorkspaces.Contains(a.WorkspaceId));
        b.Entity<Proxy>().HasQueryFilter(p => SeesEverything || VisibleWorkspaces.Contains(p.WorkspaceId)
            || p.Shares.Any(s => VisibleWorkspaces.Contains(s.WorkspaceId)));
        b.Entity<MediaFile>().HasQueryFilter(m => SeesEverything || VisibleWorkspaces.Contains(m.WorkspaceId)
            || m.Shares.Any(s => VisibleWorkspaces.Contains(s.WorkspaceId)));
        b.Entity<AutomationTask>().HasQueryFilter(t => SeesEverything || VisibleWorkspaces.Contains(t.WorkspaceId));
        b.Entity<TaskItem>().HasQueryFilter(i => SeesEverything || VisibleWorkspaces.Contains(i.Task!.WorkspaceId));
        b.Entity<ItemLog>().HasQueryFilter(l => SeesEverything
            || Set<AutomationTask>().Any(t => t.Id == l.TaskId && VisibleWorkspaces.Contains(t.WorkspaceId)));
        b.Entity<FollowCategory>().HasQueryFilter(c => SeesEverything || VisibleWorkspaces.Contains(c.WorkspaceId));
        b.Entity<FollowTarget>().HasQueryFilter(t => SeesEverything
            || Set<FollowCategory>().Any(c => c.Id == t.CategoryId && VisibleWorkspaces.Contains(c.WorkspaceId)));
        // A task's videos go with the task (EF's advice for the required TaskVideo.Media end of a filtered MediaFile).
        b.Entity<TaskVideo>().HasQueryFilter(v => SeesEverything
            || Set<AutomationTask>().Any(t => t.Id == v.TaskId && VisibleWorkspaces.Contains(t.WorkspaceId)));

        // Pacing rows follow their account (or proxy); the agency-wide ones (caps for everyone, fleet alerts) are the
        // agency's own workspace's business, except the agency-wide caps every account's limits are computed from.
        b.Entity<ActionEvent>().HasQueryFilter(x => SeesEverything
            || Set<Account>().Any(a => a.Id == x.AccountId && VisibleWorkspaces.Contains(a.WorkspaceId)));
        b.Entity<AccountPause>().HasQueryFilter(x => SeesEverything
            || Set<Account>().Any(a => a.Id == x.AccountId && VisibleWorkspaces.Contains(a.WorkspaceId)));
        b.Entity<ActionLimit>().HasQueryFilter(x => SeesEverything
            || (x.AccountId == null ? x.WorkspaceId == null || VisibleWorkspaces.Contains(x.WorkspaceId.Value)
                : Set<Account>().Any(a => a.Id == x.AccountId && VisibleWorkspaces.Contains(a.WorkspaceId))));
        b.Entity<PacingEvent>().HasQueryFilter(x => SeesEverything
            || (x.AccountId != null ? Set<Account>().Any(a => a.Id == x.AccountId && VisibleWorkspaces.Contains(a.WorkspaceId))
                : x.ProxyId != null ? Set<Proxy>().Any(p => p.Id == x.ProxyId && (VisibleWorkspaces.Contains(p.WorkspaceId)
                    || p.Shares.Any(s => VisibleWorkspaces.Contains(s.WorkspaceId))))
                : VisibleWorkspaces.Contains(Workspace.DefaultId)));
        b.Entity<AuditEntry>().HasQueryFilter(e => SeesEverything
            || (e.WorkspaceId == null ? AuditedWorkspaces.Contains(Workspace.DefaultId) : AuditedWorkspaces.Contains(e.WorkspaceId.Value)));
    }

    /// <summary>
    /// The workspaces whose audit entries the caller reads: those it is Owner or Admin of (every one of them, not only the
    /// active one). Entries of no workspace (sign-ins, users, settings) are the agency's: its own workspace's admins read them.
    /// </summary>
    private int[] AuditedWorkspaces => CallerWorkspace?.AdministeredWorkspaceIds?.ToArray() ?? [];

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardWorkspaceWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardWorkspaceWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void GuardRole()
    {
        // The system and machines (no role, seeing everything) may; a person or a token needs a role that operates.
        if (workspace is null || SeesEverything && workspace.Role is null)
        {
            return;
        }

        if (workspace.Role is not { } role || !role.Operates())
        {
            throw new WorkspaceForbiddenException("Your role in this workspace may not change it.");
        }
    }

    private void GuardWorkspaceWrites()
    {
        if (workspace is null || SeesEverything && workspace.Role is null)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries<IWorkspaceOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            GuardRole();

            if (entry.State == EntityState.Added)
            {
                entry.Entity.WorkspaceId = workspace.WorkspaceId;
            }

            if (!SeesEverything && !VisibleWorkspaces.Contains(entry.Entity.WorkspaceId))
            {
                throw new WorkspaceForbiddenException("That record belongs to another workspace.");
            }
        }
    }
}
