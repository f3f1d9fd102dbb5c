using System.Security.Cryptography;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>Compares a presented secret (bearer token, API key, password) with the expected one in constant time.</summary>
public static class SecretComparer
{
    public static bool FixedTimeEquals(string presented, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        // Hash both sides so the comparison time does not depend on length either.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
