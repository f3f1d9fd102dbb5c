using System.Security.Cryptography;
using System.Text;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>Personal API tokens: create (the secret is returned once), list, revoke, and check a presented one.</summary>
public sealed class ApiTokens(AppDbContext db, AuditLog audit, WorkspaceMemberships memberships, TimeProvider time)
{
    public const string Prefix = "iu_pat_";

    /// <summary>Last use is written at most this often per token, so busy tokens cost no write per request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public static readonly int[] ExpiryChoicesDays = [7, 30, 90, 365];

    public sealed record NewToken(string? Name, int? WorkspaceId, string? Role, bool ReadOnly, int ExpiresInDays);

    public sealed record Created(ApiToken Token, string Secret);

    public sealed record TokenRow(int Id, string Name, string Hint, int? WorkspaceId, string Role, bool ReadOnly,
        DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public async Task<(Created? Created, Dictionary<string, string[]>? Errors)> CreateAsync(string userId, NewToken request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Give the token a name of 1 to 100 characters."];
        }

        if (!WorkspaceRoles.TryParse(request.Role, out _))
        {
            errors["role"] = [$"One of: {string.Join(", ", Enum.GetNames<WorkspaceRole>())}."];
        }

        if (request.ExpiresInDays is < 1 or > 366)
        {
            errors["expires_in_days"] = ["From 1 to 366 days."];
        }

        if (request.WorkspaceId is not > 0)
        {
            errors["workspace_id"] = ["Choose the workspace the token works in."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // A token never carries more than its creator holds: a workspace they belong to, a role no higher than theirs.
        if ((await memberships.ListAsync(userId, ct)).FirstOrDefault(m => m.WorkspaceId == request.WorkspaceId)?.Role is not { } heldRole)
        {
            return (null, new() { ["workspace_id"] = ["You are not a member of that workspace."] });
        }

        if (Enum.Parse<WorkspaceRole>(request.Role!) < heldRole)
        {
            return (null, new() { ["role"] = [$"Your role there is {heldRole}; a token cannot be given more."] });
        }

        var secret = Prefix + Base62(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            UserId = userId, Name = name, Hash = HashOf(secret), Hint = secret[..(Prefix.Length + 4)],
            WorkspaceId = request.WorkspaceId, Role = request.Role!, ReadOnly = request.ReadOnly || !Enum.Parse<WorkspaceRole>(request.Role!).Operates(),
            CreatedAt = now, ExpiresAt = now.AddDays(request.ExpiresInDays),
        };
        db.ApiTokens.Add(token);
        await audit.SaveInsertAsync(a => a.Record(AuditActions.TokenCreated, "api_token", token.Id.ToString(), token.WorkspaceId,
            new { token.Name, token.Role, read_only = token.ReadOnly, expires_at = token.ExpiresAt }), ct);
        return (new Created(token, secret), null);
    }

    /// <summary>The workspaces a user may make tokens for, with their role in each.</summary>
    public Task<IReadOnlyList<WorkspaceMembership>> WorkspacesOfAsync(string userId, CancellationToken ct) =>
        memberships.ListAsync(userId, ct);

    public Task<List<TokenRow>> ListAsync(string userId, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id)
            .Select(t => new TokenRow(t.Id, t.Name, t.Hint, t.WorkspaceId, t.Role, t.ReadOnly, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>Revokes one of the user's own tokens; false when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(string userId, int id, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = time.GetUtcNow();
        audit.Record(AuditActions.TokenRevoked, "api_token", token.Id.ToString(), token.WorkspaceId, new { token.Name });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The live token a presented secret belongs to (and notes its use), or why it is refused.</summary>
    public async Task<(ApiToken? Token, string? Refusal)> ValidateAsync(string presented, CancellationToken ct)
    {
        var hash = HashOf(presented);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, ct);
        var now = time.GetUtcNow();
        if (token is null)
        {
            return (null, "Unknown token.");
        }

        if (token.RevokedAt is not null)
        {
            return (null, "This token was revoked.");
        }

        if (token.ExpiresAt <= now)
        {
            return (null, "This token has expired.");
        }

        if (token.LastUsedAt is null || token.LastUsedAt < now - LastUseResolution)
        {
            var stale = now - LastUseResolution;
            await db.ApiTokens.Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }

        return (token, null);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base62(byte[] bytes)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var number = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        var text = new StringBuilder();
        while (number > 0)
        {
            text.Insert(0, alphabet[(int)(number % 62)]);
            number /= 62;
        }

        return text.ToString().PadLeft(43, '0');
    }
}
