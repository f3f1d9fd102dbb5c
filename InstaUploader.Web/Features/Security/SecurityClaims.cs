namespace InstaUploader.Web.Features.Security;

/// <summary>Claims a personal token adds to its caller.</summary>
public static class SecurityClaims
{
    public const string ReadOnly = "read_only";
    public const string TokenId = "token_id";
    public const string TokenOwner = "token_owner";
}
