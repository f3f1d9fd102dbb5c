using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Identity;

/// <summary>The first operator account, created at start when missing (ADMIN_EMAIL / ADMIN_PASSWORD).</summary>
public sealed class AdminOptions
{
    [EmailAddress]
    public string Email { get; set; } = "admin@instauploader.local";

    /// <summary>No admin is created when empty.</summary>
    public string? Password { get; set; }

    public static void Bind(IConfiguration c, AdminOptions o)
    {
        o.Email = c["ADMIN_EMAIL"] ?? c["Admin:Email"] ?? o.Email;
        o.Password = c["ADMIN_PASSWORD"] ?? c["Admin:Password"] ?? o.Password;
    }
}
