using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace InstaUploader.Web.Features.Secrets;

/// <summary>
/// The X.509 certificate that encrypts the Data Protection key ring, kept in a PFX file outside the database
/// (<c>DataProtection:CertificatePath</c>, default <c>~/.local/share/InstaUploader/dataprotection.pfx</c>). A missing
/// file is created once with a new self-signed RSA certificate, readable by the owner only.
/// </summary>
public static class DataProtectionCertificate
{
    public const string PathKey = "DataProtection:CertificatePath";
    public const string PasswordKey = "DataProtection:CertificatePassword";

    /// <summary>Certificates rotated out (comma-separated PFX paths); keys encrypted to them are re-encrypted at start.</summary>
    public const string PreviousPathsKey = "DataProtection:PreviousCertificatePaths";
    public const string PreviousPasswordKey = "DataProtection:PreviousCertificatePassword";

    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "InstaUploader", "dataprotection.pfx");

    /// <summary>Loads the certificate at <paramref name="path"/>, creating it first when the file does not exist.</summary>
    public static X509Certificate2 LoadOrCreate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            TryCreate(path, password);
        }

        return Load(path, password);
    }

    /// <summary>Loads an existing certificate with its private key.</summary>
    public static X509Certificate2 Load(string path, string? password)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{path} must hold an RSA certificate with its private key to protect the Data Protection key ring.");
        }

        return certificate;
    }

    /// <summary>
    /// Writes a new certificate beside <paramref name="path"/> and renames it into place without replacing a file that
    /// appeared meanwhile: two Web replicas starting together both end up reading the one that won.
    /// </summary>
    private static void TryCreate(string path, string? password)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():n}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temporary, options))
            {
                file.Write(CreatePfx(password));
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another replica created it first: use theirs.
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static byte[] CreatePfx(string? password)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=InstaUploader Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        return certificate.Export(X509ContentType.Pfx, password);
    }
}
