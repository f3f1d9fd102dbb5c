using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Identity;

/// <summary>The first operator account, created at start when missing (section <c>Admin</c>; ADMIN_EMAIL / ADMIN_PASSWORD).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    [EmailAddress]
    public string Email { get; set; } = "admin@instauploader.local";

    /// <summary>No admin is created when empty.</summary>
    public string? Password { get; set; }
}
