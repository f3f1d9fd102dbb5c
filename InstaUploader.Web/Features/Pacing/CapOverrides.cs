using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>The <see cref="ActionLimit"/> rows that apply to one account: agency-wide, its own workspace's and its own.</summary>
public static class CapOverrides
{
    public static IQueryable<ActionLimit> For(AppDbContext db, int accountId, int workspaceId) =>
        db.ActionLimits.Where(l => l.AccountId == accountId
                                   || (l.AccountId == null && (l.WorkspaceId == null || l.WorkspaceId == workspaceId)));
}
