using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InstaUploader.Web.Data;

/// <summary>
/// Encrypts a string column with ASP.NET Core Data Protection (keys persisted in the database), so account
/// passwords, 2FA seeds, sessions and proxy credentials are never stored in clear.
/// </summary>
public sealed class SecretConverter(IDataProtectionProvider provider) : ValueConverter<string, string>(
    clear => Protector(provider).Protect(clear),
    stored => Protector(provider).Unprotect(stored))
{
    public const string Purpose = "InstaUploader.Secrets.v1";

    private static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector(Purpose);
}
