namespace InstaUploader.Instagram.Web;

/// <summary>What a web login needs. <see cref="ToString"/> shows only the username: the rest are secrets.</summary>
public sealed record WebCredentials(
    string Username,
    string Password,
    string? TotpSecret = null,
    string? Email = null,
    string? EmailPassword = null)
{
    public override string ToString() => Username;
}

public enum WebLoginOutcome
{
    /// <summary>The saved cookies were still good; no form was filled.</summary>
    AlreadyLoggedIn,
    LoggedIn,
    LoggedInWithTwoFactor,
    LoggedInAfterChallenge,
}

/// <summary>A shared reel: its media pk and shortcode when the page's configure call could be read.</summary>
public sealed record ReelUploadResult(string? MediaPk, string? Code, bool LocationApplied);
