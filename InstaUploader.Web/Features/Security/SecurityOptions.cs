using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Security;

/// <summary>Sign-in session settings (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// How soon a changed security stamp (disable, sign out everywhere) ends a user's cookie and circuit: each is
    /// re-checked against the database this often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StampValidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}
