using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using InstaUploader.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Secrets;

/// <summary>
/// The Data Protection key ring lives in the database beside the secrets it encrypts, so its keys are themselves
/// encrypted with <see cref="DataProtectionCertificate"/>, which is not in the database: a dump alone decrypts nothing.
/// Keys written before that (plain <c>&lt;masterKey&gt;</c>) are encrypted in place at start.
/// </summary>
public static class KeyRingProtection
{
    private static readonly XNamespace DataProtectionNs = "http://schemas.asp.net/2015/03/dataProtection";

    public static IHostApplicationBuilder AddDataProtectionKeyRing(this IHostApplicationBuilder builder)
    {
        var path = builder.Configuration[DataProtectionCertificate.PathKey] is { Length: > 0 } configured
            ? configured
            : DataProtectionCertificate.DefaultPath;
        var certificate = DataProtectionCertificate.LoadOrCreate(path, builder.Configuration[DataProtectionCertificate.PasswordKey]);
        builder.Services.AddSingleton(new KeyRingCertificate(certificate, path));
        builder.Services.AddDataProtection()
            .SetApplicationName("InstaUploader")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        return builder;
    }

    /// <summary>Encrypts the stored keys that still hold their secret in plain text; safe to run on every start.</summary>
    public static async Task EncryptStoredKeysAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var loggers = scope.ServiceProvider.GetRequiredService<ILoggerFactory>();
        var key = scope.ServiceProvider.GetRequiredService<KeyRingCertificate>();
        var encryptor = new CertificateXmlEncryptor(key.Certificate, loggers);
        var encrypted = 0;
        foreach (var row in await db.DataProtectionKeys.AsNoTracking().ToListAsync(ct))
        {
            if (row.Xml is null || EncryptPlainSecrets(XElement.Parse(row.Xml), encryptor) is not { } protectedKey)
            {
                continue;
            }

            // Compare-and-set: a replica doing the same at the same time writes an equally good encryption.
            encrypted += await db.DataProtectionKeys.Where(k => k.Id == row.Id && k.Xml == row.Xml)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.Xml, protectedKey.ToString(SaveOptions.DisableFormatting)), ct);
        }

        loggers.CreateLogger(typeof(KeyRingProtection)).LogInformation(
            "Data Protection keys are encrypted with the certificate {Thumbprint} from {Path}; {Count} stored in plain text before were encrypted now",
            key.Certificate.Thumbprint, key.Path, encrypted);
    }

    /// <summary>
    /// The key with every element marked <c>requiresEncryption</c> replaced by its <c>&lt;encryptedSecret&gt;</c>, as the
    /// key manager writes new keys; null when nothing in it is plain.
    /// </summary>
    public static XElement? EncryptPlainSecrets(XElement key, IXmlEncryptor encryptor)
    {
        var copy = new XDocument(new XElement(key)).Root!;
        var changed = false;
        while (copy.Descendants().FirstOrDefault(RequiresEncryption) is { } plain)
        {
            var info = encryptor.Encrypt(plain);
            plain.ReplaceWith(new XElement(DataProtectionNs + "encryptedSecret",
                new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
                info.EncryptedElement));
            changed = true;
        }

        return changed ? copy : null;
    }

    private static bool RequiresEncryption(XElement element) =>
        (bool?)element.Attribute(DataProtectionNs + "requiresEncryption") == true;
}

public sealed record KeyRingCertificate(X509Certificate2 Certificate, string Path);
