namespace InstaUploader.Instagram.Mobile;

/// <summary>What a login may need: the password, the TOTP seed for 2FA and the mailbox for e-mailed checkpoint codes.</summary>
public sealed record MobileCredentials(
    string Username, string Password, string? TotpSecret = null, string? Email = null, string? EmailPassword = null)
{
    public override string ToString() => $"MobileCredentials {{ Username = {Username} }}";
}
