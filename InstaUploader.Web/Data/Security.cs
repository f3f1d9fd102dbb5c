namespace InstaUploader.Web.Data;

/// <summary>
/// A personal API token: only the SHA-256 of the secret is kept, the secret itself is shown once at creation.
/// Scoped to a workspace and a role; read-only tokens may only read.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>Hex SHA-256 of the whole token (prefix included).</summary>
    public required string Hash { get; set; }

    /// <summary>The first characters of the token, so an operator can tell tokens apart without the secret.</summary>
    public required string Hint { get; set; }

    public int? WorkspaceId { get; set; }
    public required string Role { get; set; }
    public bool ReadOnly { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>One line of the audit trail: append-only (the database refuses UPDATE and DELETE but the retention job's).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }

    /// <summary>Who, as people read it: a user's e-mail, "token &lt;name&gt;" or "legacy token".</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }
    public string? RecordType { get; set; }
    public string? RecordId { get; set; }
    public int? WorkspaceId { get; set; }
    public string? Ip { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>Small JSON object; never a secret.</summary>
    public string? Details { get; set; }
}

/// <summary>The security settings an Owner or Admin changes in the UI: one row.</summary>
public sealed class SecuritySettings
{
    public const int SingletonId = 1;
    public const int DefaultAuditRetentionDays = 365;

    public int Id { get; set; } = SingletonId;
    public int AuditRetentionDays { get; set; } = DefaultAuditRetentionDays;
    public bool RequireTwoFactor { get; set; }
}
