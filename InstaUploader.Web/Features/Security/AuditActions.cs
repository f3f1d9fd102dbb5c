namespace InstaUploader.Web.Features.Security;

/// <summary>The words the audit trail records as an entry's action: one per kind of change.</summary>
public static class AuditActions
{
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string SignOut = "sign_out";
    public const string UserDisabled = "user_disabled";
    public const string UserEnabled = "user_enabled";
    public const string PasswordResetIssued = "password_reset_issued";
    public const string PasswordReset = "password_reset";
    public const string UserSignedOutEverywhere = "user_signed_out_everywhere";
    public const string TwoFactorEnabled = "two_factor_enabled";
    public const string TwoFactorDisabled = "two_factor_disabled";
    public const string RecoveryCodesIssued = "recovery_codes_issued";
    public const string TokenCreated = "token_created";
    public const string TokenRevoked = "token_revoked";
    public const string Import = "import";
    public const string BulkAction = "bulk_action";
    public const string TaskCreated = "task_created";
    public const string TaskStarted = "task_started";
    public const string TaskCancelled = "task_cancelled";
    public const string TaskRetried = "task_retried";
    public const string TaskDeleted = "task_deleted";
    public const string SecretRevealed = "secret_revealed";
    public const string Export = "export";
    public const string SettingsChanged = "settings_changed";

    public static readonly string[] All =
    [
        SignIn, SignInFailed, SignOut, UserDisabled, UserEnabled, PasswordResetIssued, PasswordReset, UserSignedOutEverywhere,
        TwoFactorEnabled, TwoFactorDisabled, RecoveryCodesIssued, TokenCreated, TokenRevoked, Import, BulkAction,
        TaskCreated, TaskStarted, TaskCancelled, TaskRetried, TaskDeleted, SecretRevealed, Export, SettingsChanged,
    ];
}
