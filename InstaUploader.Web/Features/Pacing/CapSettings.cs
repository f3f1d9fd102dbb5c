using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>An operator's caps for one action at one level; null keeps the level below.</summary>
public sealed record CapOverride(int? PerHour, int? PerDay);

/// <summary>The caps to set at one level (a workspace, an account), per action; an action left out has no override.</summary>
public sealed record CapsRequest(Dictionary<string, CapOverride>? Caps);

/// <summary>
/// One action's caps at a level: the override set here (<see cref="PerHour"/>, <see cref="PerDay"/>), what applies
/// without it and where that comes from, and the caps an account gets by age on the warm-up ramp.
/// </summary>
public sealed record CapRow(
    string Action, string Label, int? PerHour, int? PerDay, int InheritedPerHour, int InheritedPerDay, string InheritedFrom,
    IReadOnlyList<RampedCap> ByAge);

/// <summary>The caps of an account <see cref="Day"/> days old (day 1 is its first), as the ramp narrows them.</summary>
public sealed record RampedCap(int Day, double Share, int PerHour, int PerDay);

/// <summary>The caps of a workspace or an account, as the settings pages and the API show them.</summary>
public sealed record CapsView(
    string Scope, int WorkspaceId, int? AccountId, int RampDays, double RampStartShare, IReadOnlyList<CapRow> Caps);

/// <summary>
/// Reads and writes the operator's cap overrides (<see cref="ActionLimit"/> rows) of the caller's workspace and of its
/// accounts. Workspace caps need a workspace admin; an account's caps, a role that edits accounts.
/// </summary>
public sealed class CapSettings(AppDbContext db, IOptions<PacingOptions> options, ICurrentWorkspace caller, AuditLog audit)
{
    public const int MaxCap = 100_000;
    public const string WorkspaceScope = "workspace";
    public const string AccountScope = "account";

    public async Task<CapsView> WorkspaceAsync(CancellationToken ct)
    {
        var workspaceId = caller.WorkspaceId;
        var rows = await db.ActionLimits.AsNoTracking()
            .Where(l => l.AccountId == null && (l.WorkspaceId == null || l.WorkspaceId == workspaceId)).ToListAsync(ct);
        return View(WorkspaceScope, workspaceId, null, rows);
    }

    public async Task<ServiceResult<CapsView>> AccountAsync(int accountId, CancellationToken ct)
    {
        if (await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => (int?)a.WorkspaceId).FirstOrDefaultAsync(ct) is not { } workspaceId)
        {
            return ServiceResult<CapsView>.NotFound($"No account {accountId}.");
        }

        var rows = await CapOverrides.For(db, accountId, workspaceId).AsNoTracking().ToListAsync(ct);
        return ServiceResult<CapsView>.Ok(View(AccountScope, workspaceId, accountId, rows));
    }

    public async Task<ServiceResult<CapsView>> SaveWorkspaceAsync(CapsRequest request, CancellationToken ct)
    {
        if (caller.VisibleWorkspaceIds is not null && caller.Role?.ManagesMembers() != true)
        {
            return ServiceResult<CapsView>.Forbidden("Only a workspace owner or admin may change its caps.");
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var workspaceId = caller.WorkspaceId;
        await ReplaceAsync(db.ActionLimits.Where(l => l.AccountId == null && l.WorkspaceId == workspaceId), request,
            action => new ActionLimit { WorkspaceId = workspaceId, Action = action }, ct);
        audit.Record(AuditActions.SettingsChanged, "workspace_caps", workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            workspaceId, new { caps = request.Caps });
        await db.SaveChangesAsync(ct);
        return ServiceResult<CapsView>.Ok(await WorkspaceAsync(ct));
    }

    public async Task<ServiceResult<CapsView>> SaveAccountAsync(int accountId, CapsRequest request, CancellationToken ct)
    {
        if (caller.VisibleWorkspaceIds is not null && caller.Role?.Operates() != true)
        {
            return ServiceResult<CapsView>.Forbidden("Your role in this workspace may not change it.");
        }

        if (await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => (int?)a.WorkspaceId).FirstOrDefaultAsync(ct) is not { } workspaceId)
        {
            return ServiceResult<CapsView>.NotFound($"No account {accountId}.");
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        await ReplaceAsync(db.ActionLimits.Where(l => l.AccountId == accountId), request,
            action => new ActionLimit { AccountId = accountId, Action = action }, ct);
        audit.Record(AuditActions.SettingsChanged, "account_caps", accountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            workspaceId, new { caps = request.Caps });
        await db.SaveChangesAsync(ct);
        return await AccountAsync(accountId, ct);
    }

    /// <summary>Field errors keyed <c>caps.{action}.per_hour</c> / <c>per_day</c>, or null when the request is valid.</summary>
    private static ServiceResult<CapsView>? Validate(CapsRequest request)
    {
        var errors = new FieldErrors();
        if (request.Caps is null)
        {
            errors.Add("caps", "Give the caps per action (an empty object removes every override).");
        }

        foreach (var (action, cap) in request.Caps ?? [])
        {
            if (!PacingActions.All.Contains(action))
            {
                errors.Add($"caps.{action}", $"Unknown action. Allowed: {string.Join(", ", PacingActions.All)}.");
                continue;
            }

            CheckRange(errors, $"caps.{action}.per_hour", cap?.PerHour);
            CheckRange(errors, $"caps.{action}.per_day", cap?.PerDay);
            if (cap is { PerHour: { } hour, PerDay: { } day } && hour > day && day >= 0)
            {
                errors.Add($"caps.{action}.per_hour", $"An hour's cap ({hour}) cannot be above the day's ({day}).");
            }
        }

        return errors.Any ? ServiceResult<CapsView>.Invalid(errors.ToDictionary()) : null;
    }

    private static void CheckRange(FieldErrors errors, string field, int? value)
    {
        if (value is < 0 or > MaxCap)
        {
            errors.Add(field, $"Must be between 0 and {MaxCap} (0 turns the action off); leave empty to keep the level below.");
        }
    }

    // The level's rows become exactly the request's: actions left out or with both caps empty lose their override.
    private async Task ReplaceAsync(IQueryable<ActionLimit> level, CapsRequest request, Func<string, ActionLimit> create, CancellationToken ct)
    {
        var existing = await level.ToListAsync(ct);
        var wanted = (request.Caps ?? []).Where(c => c.Value is { PerHour: not null } or { PerDay: not null }).ToDictionary();
        db.ActionLimits.RemoveRange(existing.Where(e => !wanted.ContainsKey(e.Action)));
        foreach (var (action, cap) in wanted)
        {
            var row = existing.FirstOrDefault(e => e.Action == action);
            if (row is null)
            {
                row = create(action);
                db.ActionLimits.Add(row);
            }

            (row.PerHour, row.PerDay) = (cap.PerHour, cap.PerDay);
        }
    }

    private CapsView View(string scope, int workspaceId, int? accountId, IReadOnlyList<ActionLimit> rows)
    {
        var o = options.Value;
        var rampDays = RampDays(o);
        var caps = PacingActions.All.Select(action =>
        {
            var own = rows.FirstOrDefault(r => r.Action == action && (accountId is null ? r.WorkspaceId == workspaceId : r.AccountId == accountId));
            // What applies here without this level's own row, for an established account.
            var below = rows.Where(r => r.Action == action && r != own && r.AccountId is null).ToList();
            var inherited = ActionCaps.For(action, TimeSpan.FromDays(o.RampDays), 1, o, below);
            var byAge = rampDays.Select(day =>
            {
                var cap = ActionCaps.For(action, TimeSpan.FromDays(day - 1), 1, o, rows.Where(r => r.Action == action));
                return new RampedCap(day, ActionCaps.RampShare(TimeSpan.FromDays(day - 1), o), cap.PerHour, cap.PerDay);
            }).ToList();
            return new CapRow(action, PacingActions.Label(action), own?.PerHour, own?.PerDay, inherited.PerHour, inherited.PerDay,
                inherited.Why, byAge);
        }).ToList();
        return new CapsView(scope, workspaceId, accountId, o.RampDays, o.RampStartShare, caps);
    }

    /// <summary>The ages shown: the first day, the middle of the ramp and the first day with the whole caps.</summary>
    private static int[] RampDays(PacingOptions o) =>
        o.RampDays == 0 ? [1] : [.. new[] { 1, Math.Max(1, o.RampDays / 2), o.RampDays + 1 }.Distinct()];
}
