using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// Workspaces, their members and invitations. A workspace the caller does not belong to answers NotFound exactly like
/// one that does not exist; a change the caller's role there may not make answers Forbidden.
/// </summary>
public sealed class WorkspaceService(AppDbContext db, ICurrentWorkspace caller, UserManager<IdentityUser> users, Security.AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<WorkspaceResponse>> MineAsync(CancellationToken ct)
    {
        if (caller.IsLegacyOperator)
        {
            return await db.Workspaces.AsNoTracking().OrderBy(w => w.Id)
                .Select(w => new WorkspaceResponse(w.Id, w.Name, nameof(WorkspaceRole.Owner))).ToListAsync(ct);
        }

        if (caller.Memberships.Count > 0)
        {
            return [.. caller.Memberships.Select(m => new WorkspaceResponse(m.WorkspaceId, m.Name, m.Role.ToString()))];
        }

        // A credential scoped to one workspace sees that one only.
        return caller.Role is { } role
            ? await db.Workspaces.AsNoTracking().Where(w => w.Id == caller.WorkspaceId)
                .Select(w => new WorkspaceResponse(w.Id, w.Name, role.ToString())).ToListAsync(ct)
            : [];
    }

    public async Task<ServiceResult<WorkspaceResponse>> CreateAsync(CreateWorkspaceRequest request, CancellationToken ct)
    {
        // Only an owner somewhere (or the operator token) opens new workspaces for the agency.
        if (!caller.IsLegacyOperator && !caller.Memberships.Any(m => m.Role == WorkspaceRole.Owner))
        {
            return ServiceResult<WorkspaceResponse>.Forbidden("Only an owner may create workspaces.");
        }

        var errors = new FieldErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors.Add("name", "A workspace needs a name of 1 to 100 characters.");
        }

        if (errors.Any)
        {
            return ServiceResult<WorkspaceResponse>.Invalid(errors.ToDictionary());
        }

        if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
        {
            return ServiceResult<WorkspaceResponse>.Conflict("A workspace with this name exists.");
        }

        var workspace = new Workspace { Name = name, CreatedAt = time.GetUtcNow() };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(ct);
        if (caller.UserId is { } userId)
        {
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = userId, Role = nameof(WorkspaceRole.Owner) });
            await db.SaveChangesAsync(ct);
        }

        return ServiceResult<WorkspaceResponse>.Ok(new WorkspaceResponse(workspace.Id, workspace.Name, nameof(WorkspaceRole.Owner)));
    }

    public async Task<ServiceResult<IReadOnlyList<MemberResponse>>> MembersAsync(int workspaceId, CancellationToken ct)
    {
        if (Refuse<IReadOnlyList<MemberResponse>>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        var members = await (
            from m in db.WorkspaceMembers.AsNoTracking()
            where m.WorkspaceId == workspaceId
            join u in db.Users on m.UserId equals u.Id
            orderby u.Email
            select new MemberResponse(m.UserId, u.Email ?? "", m.Role)).ToListAsync(ct);
        return ServiceResult<IReadOnlyList<MemberResponse>>.Ok(members);
    }

    public async Task<ServiceResult<MemberResponse>> SetRoleAsync(int workspaceId, string userId, MemberRoleRequest request, CancellationToken ct)
    {
        if (Refuse<MemberResponse>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        if (!WorkspaceRoles.TryParse(request.Role, out var role))
        {
            return ServiceResult<MemberResponse>.Invalid("role", RoleChoices);
        }

        var member = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, ct);
        if (member is null)
        {
            return ServiceResult<MemberResponse>.NotFound($"User {userId} is not a member of workspace {workspaceId}.");
        }

        if ((role == WorkspaceRole.Owner || member.Role == nameof(WorkspaceRole.Owner)) && RoleIn(workspaceId) != WorkspaceRole.Owner)
        {
            return ServiceResult<MemberResponse>.Forbidden("Only an owner grants or takes the owner role.");
        }

        if (member.Role == nameof(WorkspaceRole.Owner) && role != WorkspaceRole.Owner && await IsLastOwnerAsync(workspaceId, ct))
        {
            return ServiceResult<MemberResponse>.Conflict("A workspace keeps at least one owner.");
        }

        member.Role = role.ToString();
        await db.SaveChangesAsync(ct);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return ServiceResult<MemberResponse>.Ok(new MemberResponse(userId, email ?? "", member.Role));
    }

    public async Task<ServiceResult<bool>> RemoveAsync(int workspaceId, string userId, CancellationToken ct)
    {
        if (Refuse<bool>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        var member = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, ct);
        if (member is null)
        {
            return ServiceResult<bool>.NotFound($"User {userId} is not a member of workspace {workspaceId}.");
        }

        if (member.Role == nameof(WorkspaceRole.Owner) && RoleIn(workspaceId) != WorkspaceRole.Owner)
        {
            return ServiceResult<bool>.Forbidden("Only an owner removes an owner.");
        }

        if (member.Role == nameof(WorkspaceRole.Owner) && await IsLastOwnerAsync(workspaceId, ct))
        {
            return ServiceResult<bool>.Conflict("A workspace keeps at least one owner.");
        }

        db.WorkspaceMembers.Remove(member);
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Requires (or stops requiring) two-factor sign-in of the workspace's members from their next request on.</summary>
    public async Task<ServiceResult<bool>> RequireTwoFactorAsync(int workspaceId, TwoFactorRequirementRequest request, CancellationToken ct)
    {
        if (Refuse<bool>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        if (await db.Workspaces.FirstOrDefaultAsync(w => w.Id == workspaceId, ct) is not { } workspace)
        {
            return ServiceResult<bool>.NotFound($"Workspace {workspaceId} does not exist.");
        }

        audit.Record(Security.AuditActions.SettingsChanged, "workspace", workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture), workspaceId,
            new { require_two_factor = new { from = workspace.RequireTwoFactor, to = request.Required } });
        workspace.RequireTwoFactor = request.Required;
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<InvitationResponse>> InviteAsync(int workspaceId, InvitationRequest request, string baseUrl, CancellationToken ct)
    {
        if (Refuse<InvitationResponse>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        var email = request.Email?.Trim() ?? "";
        if (email.Length is < 3 or > 256 || !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("email", "An e-mail address is required.");
        }

        if (!WorkspaceRoles.TryParse(request.Role, out var role))
        {
            errors.Add("role", RoleChoices);
        }
        else if (role == WorkspaceRole.Owner && RoleIn(workspaceId) != WorkspaceRole.Owner)
        {
            return ServiceResult<InvitationResponse>.Forbidden("Only an owner invites another owner.");
        }

        if (errors.Any)
        {
            return ServiceResult<InvitationResponse>.Invalid(errors.ToDictionary());
        }

        var token = InvitationTokens.New();
        var now = time.GetUtcNow();
        var invitation = new WorkspaceInvitation
        {
            WorkspaceId = workspaceId,
            Email = email,
            Role = role.ToString(),
            TokenHash = InvitationTokens.Hash(token),
            InvitedBy = caller.UserId ?? "operator-token",
            CreatedAt = now,
            ExpiresAt = now + InvitationTokens.Lifetime,
        };
        db.WorkspaceInvitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        var url = $"{baseUrl.TrimEnd('/')}/invitations/accept?token={token}";
        return ServiceResult<InvitationResponse>.Ok(new InvitationResponse(invitation.Id, email, invitation.Role, invitation.ExpiresAt, token, url));
    }

    /// <summary>Creates the invited person's sign-in and membership; an unknown, used or expired token is one answer.</summary>
    public async Task<ServiceResult<AcceptedInvitationResponse>> AcceptAsync(AcceptInvitationRequest request, CancellationToken ct)
    {
        var hash = InvitationTokens.Hash(request.Token ?? "");
        var now = time.GetUtcNow();
        var invitation = await db.WorkspaceInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= now)
        {
            return ServiceResult<AcceptedInvitationResponse>.NotFound("This invitation does not exist, was used or has expired.");
        }

        var user = await users.FindByEmailAsync(invitation.Email);
        if (user is not null)
        {
            // An existing person joins by signing in; a password typed here must not take over their sign-in.
            return ServiceResult<AcceptedInvitationResponse>.Conflict("A user with this e-mail exists: ask an owner to add them instead.");
        }

        user = new IdentityUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, request.Password ?? "");
        if (!created.Succeeded)
        {
            var errors = new FieldErrors();
            foreach (var e in created.Errors)
            {
                errors.Add(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "token", e.Description);
            }

            return ServiceResult<AcceptedInvitationResponse>.Invalid(errors.ToDictionary());
        }

        invitation.AcceptedAt = now;
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role, SelectedAt = now });
        await db.SaveChangesAsync(ct);
        return ServiceResult<AcceptedInvitationResponse>.Ok(new AcceptedInvitationResponse(invitation.WorkspaceId, invitation.Email, invitation.Role));
    }

    /// <summary>The person works in this workspace from now on (the switcher).</summary>
    public async Task<bool> SelectAsync(int workspaceId, CancellationToken ct)
    {
        if (caller.UserId is not { } userId)
        {
            return false;
        }

        return await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SelectedAt, time.GetUtcNow()), ct) == 1;
    }

    public async Task<ServiceResult<bool>> ShareProxyAsync(int workspaceId, int proxyId, bool shared, CancellationToken ct)
    {
        if (Refuse<bool>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        // The legacy operator may name any id; one that is no workspace is a 404, not a foreign-key failure.
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, ct))
        {
            return ServiceResult<bool>.NotFound($"Workspace {workspaceId} does not exist.");
        }

        var owner = await db.Proxies.Where(p => p.Id == proxyId).Select(p => (int?)p.WorkspaceId).FirstOrDefaultAsync(ct);
        if (owner is null || !Sees(owner.Value))
        {
            return ServiceResult<bool>.NotFound($"Proxy {proxyId} does not exist.");
        }

        if (RoleIn(owner.Value) is not { } role || !role.ManagesMembers())
        {
            return ServiceResult<bool>.Forbidden("Only an owner or admin of the proxy's workspace lends it.");
        }

        var existing = await db.ProxyShares.FirstOrDefaultAsync(s => s.ProxyId == proxyId && s.WorkspaceId == workspaceId, ct);
        if (shared && existing is null && owner != workspaceId)
        {
            db.ProxyShares.Add(new ProxyShare { ProxyId = proxyId, WorkspaceId = workspaceId });
        }
        else if (!shared && existing is not null)
        {
            db.ProxyShares.Remove(existing);
        }

        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<bool>> ShareMediaAsync(int workspaceId, int mediaId, bool shared, CancellationToken ct)
    {
        if (Refuse<bool>(workspaceId, manage: true) is { } refused)
        {
            return refused;
        }

        // The legacy operator may name any id; one that is no workspace is a 404, not a foreign-key failure.
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, ct))
        {
            return ServiceResult<bool>.NotFound($"Workspace {workspaceId} does not exist.");
        }

        var owner = await db.Media.Where(m => m.Id == mediaId).Select(m => (int?)m.WorkspaceId).FirstOrDefaultAsync(ct);
        if (owner is null || !Sees(owner.Value))
        {
            return ServiceResult<bool>.NotFound($"Media {mediaId} does not exist.");
        }

        if (RoleIn(owner.Value) is not { } role || !role.ManagesMembers())
        {
            return ServiceResult<bool>.Forbidden("Only an owner or admin of the media's workspace lends it.");
        }

        var existing = await db.MediaShares.FirstOrDefaultAsync(s => s.MediaId == mediaId && s.WorkspaceId == workspaceId, ct);
        if (shared && existing is null && owner != workspaceId)
        {
            db.MediaShares.Add(new MediaShare { MediaId = mediaId, WorkspaceId = workspaceId });
        }
        else if (!shared && existing is not null)
        {
            db.MediaShares.Remove(existing);
        }

        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    private const string RoleChoices = "The role is one of Owner, Admin, Operator, Viewer, Client.";

    private bool Sees(int workspaceId) => caller.IsLegacyOperator || RoleIn(workspaceId) is not null;

    /// <summary>The caller's role in a workspace: a scoped credential has one workspace, a person each membership's.</summary>
    private WorkspaceRole? RoleIn(int workspaceId)
    {
        if (caller.IsLegacyOperator)
        {
            return WorkspaceRole.Owner;
        }

        if (caller.Memberships.Count > 0)
        {
            return caller.Memberships.FirstOrDefault(m => m.WorkspaceId == workspaceId)?.Role;
        }

        return caller.WorkspaceId == workspaceId && caller.VisibleWorkspaceIds is { } visible && visible.Contains(workspaceId) ? caller.Role : null;
    }

    private ServiceResult<T>? Refuse<T>(int workspaceId, bool manage)
    {
        if (RoleIn(workspaceId) is not { } role)
        {
            return ServiceResult<T>.NotFound($"Workspace {workspaceId} does not exist.");
        }

        return manage && !role.ManagesMembers() ? ServiceResult<T>.Forbidden("Only an owner or admin manages members.") : null;
    }

    private async Task<bool> IsLastOwnerAsync(int workspaceId, CancellationToken ct) =>
        await db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == workspaceId && m.Role == nameof(WorkspaceRole.Owner), ct) <= 1;
}
