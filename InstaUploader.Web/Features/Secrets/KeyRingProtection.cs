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
        var config = builder.Configuration;
        var path = config[DataProtectionCertificate.PathKey] is { Length: > 0 } configured ? configured : DataProtectionCertificate.DefaultPath;
        var certificate = DataProtectionCertificate.LoadOrCreate(path, config[DataProtectionCertificate.PasswordKey]);
        // After a rotation the keys made under the old certificate are read with it until start re-encrypts them.
        var previous = (config[DataProtectionCertificate.PreviousPathsKey] ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => DataProtectionCertificate.Load(p, config[DataProtectionCertificate.PreviousPasswordKey] ?? config[DataProtectionCertificate.PasswordKey]))
            .ToArray();
        builder.Services.AddSingleton(new KeyRingCertificate(certificate, path));
        builder.Services.AddDataProtection()
            .SetApplicationName("InstaUploader")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate([certificate, .. previous]);
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
        var decryptor = new EncryptedXmlDecryptor(scope.ServiceProvider);
        var encrypted = 0;
        foreach (var row in await db.DataProtectionKeys.AsNoTracking().ToListAsync(ct))
        {
            if (row.Xml is null || Protect(XElement.Parse(row.Xml), key.Certificate, encryptor, decryptor) is not { } protectedKey)
            {
                continue;
            }

            // Compare-and-set: a replica doing the same at the same time writes an equally good encryption.
            encrypted += await db.DataProtectionKeys.Where(k => k.Id == row.Id && k.Xml == row.Xml)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.Xml, protectedKey.ToString(SaveOptions.DisableFormatting)), ct);
        }

        loggers.CreateLogger(typeof(KeyRingProtection)).LogInformation(
            "Data Protection keys are encrypted with the certificate {Thumbprint} from {Path}; {Count} stored in plain text or under a previous certificate were encrypted now",
            key.Certificate.Thumbprint, key.Path, encrypted);
    }

    /// <summary>
    /// The key with every secret encrypted to <paramref name="current"/>, as the key manager writes new keys: elements
    /// marked <c>requiresEncryption</c> become <c>&lt;encryptedSecret&gt;</c>, and secrets encrypted to another
    /// (previous) certificate are decrypted with <paramref name="decryptor"/> first. Null when there is nothing to do.
    /// </summary>
    public static XElement? Protect(XElement key, X509Certificate2 current, IXmlEncryptor encryptor, IXmlDecryptor decryptor)
    {
        var copy = new XDocument(new XElement(key)).Root!;
        var changed = false;
        foreach (var secret in copy.Descendants(DataProtectionNs + "encryptedSecret").ToList())
        {
            if (EncryptedTo(secret) is { } thumbprint && !thumbprint.Equals(current.Thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                secret.ReplaceWith(decryptor.Decrypt(secret.Elements().Single()));
                changed = true;
            }
        }

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

    /// <summary>The thumbprint of the certificate an XML-encrypted secret was encrypted to (null when it does not say).</summary>
    private static string? EncryptedTo(XElement secret)
    {
        XNamespace dsig = "http://www.w3.org/2000/09/xmldsig#";
        var base64 = secret.Descendants(dsig + "X509Certificate").FirstOrDefault()?.Value;
        return base64 is null ? null : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64)).Thumbprint;
    }

    private static bool RequiresEncryption(XElement element) =>
        (bool?)element.Attribute(DataProtectionNs + "requiresEncryption") == true;
}

public sealed record KeyRingCertificate(X509Certificate2 Certificate, string Path);
