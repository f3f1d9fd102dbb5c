using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Features.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InstaUploader.Tests.Security;

/// <summary>The Data Protection key ring is encrypted with a certificate kept outside the database.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "iu-tests", "keyring-" + Guid.NewGuid().ToString("n"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_certificate_is_created_once_owner_readable_even_when_replicas_race()
    {
        var path = Path.Combine(_dir, "nested", "dataprotection.pfx");

        var thumbprints = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => DataProtectionCertificate.LoadOrCreate(path, null).Thumbprint)
            .Distinct()
            .ToList();

        Assert.Single(thumbprints);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Equal(thumbprints[0], DataProtectionCertificate.LoadOrCreate(path, null).Thumbprint);
        Assert.Equal(["dataprotection.pfx"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_password_protected_certificate_needs_its_password()
    {
        var path = Path.Combine(_dir, "locked.pfx");
        DataProtectionCertificate.LoadOrCreate(path, "pfx-password-1");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => DataProtectionCertificate.LoadOrCreate(path, "wrong"));
        Assert.True(DataProtectionCertificate.LoadOrCreate(path, "pfx-password-1").HasPrivateKey);
    }

    [Fact]
    public void Keys_stored_in_plain_text_are_encrypted_in_place_and_still_decrypt_what_they_protected()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_dir, "keys"));
        using var plain = Provider(keys, null);
        var payload = plain.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("the secret");
        var file = Assert.Single(keys.GetFiles("key-*.xml"));
        Assert.Contains("<masterKey", File.ReadAllText(file.FullName), StringComparison.Ordinal);
        var certificate = DataProtectionCertificate.LoadOrCreate(Path.Combine(_dir, "dp.pfx"), null);

        using var decryptors = Provider(keys, certificate);
        var decryptor = new EncryptedXmlDecryptor(decryptors);
        var encrypted = KeyRingProtection.Protect(XElement.Load(file.FullName), certificate, Encryptor(certificate), decryptor);
        Assert.NotNull(encrypted);
        encrypted.Save(file.FullName);
        Assert.Null(KeyRingProtection.Protect(encrypted, certificate, Encryptor(certificate), decryptor));

        var xml = File.ReadAllText(file.FullName);
        Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        using var protectedRing = Provider(keys, certificate);
        Assert.Equal("the secret", protectedRing.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload));
    }

    [Fact]
    public void Keys_encrypted_to_a_rotated_out_certificate_are_re_encrypted_to_the_new_one()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_dir, "rotated"));
        var old = DataProtectionCertificate.LoadOrCreate(Path.Combine(_dir, "old.pfx"), null);
        var current = DataProtectionCertificate.LoadOrCreate(Path.Combine(_dir, "new.pfx"), null);
        string payload;
        using (var before = Provider(keys, old))
        {
            payload = before.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("kept across rotation");
        }

        var file = Assert.Single(keys.GetFiles("key-*.xml"));
        using (var both = Provider(keys, current, old))
        {
            var rotated = KeyRingProtection.Protect(XElement.Load(file.FullName), current, Encryptor(current), new EncryptedXmlDecryptor(both));
            Assert.NotNull(rotated);
            rotated.Save(file.FullName);
        }

        // The old certificate is gone now: the new one alone reads the key and what it protected.
        using var after = Provider(keys, current);
        Assert.Equal("kept across rotation", after.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload));
        Assert.DoesNotContain("<masterKey", File.ReadAllText(file.FullName), StringComparison.Ordinal);
    }

    private static CertificateXmlEncryptor Encryptor(X509Certificate2 certificate) => new(certificate, NullLoggerFactory.Instance);

    private static ServiceProvider Provider(DirectoryInfo keys, X509Certificate2? certificate, params X509Certificate2[] previous)
    {
        var builder = new ServiceCollection().AddDataProtection().SetApplicationName("keyring-test").PersistKeysToFileSystem(keys);
        if (certificate is not null)
        {
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. previous]);
        }

        return builder.Services.BuildServiceProvider();
    }
}

/// <summary>The running Web's key ring, as a database dump would show it.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class StoredKeyRingTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Every_stored_key_is_encrypted_and_none_holds_a_plain_master_key()
    {
        using var op = fx.Operator();
        await op.CreateAccountAsync(OperatorApi.Unique("dp"), "a-secret-password");

        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT xml FROM data_protection_keys", db);
        await using var rows = await read.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await rows.ReadAsync())
        {
            keys.Add(rows.GetString(0));
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }
}
