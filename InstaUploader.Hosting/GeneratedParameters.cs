using System.Security.Cryptography;
using System.Text.Json;

namespace Aspire.Hosting;

/// <summary>Generates secret parameter values, optionally persisting them per working directory.</summary>
internal static class GeneratedParameters
{
    private static readonly Lock Gate = new();

    public static string Get(DistributedApplicationExecutionOptions options, string name, bool persist)
    {
        if (!persist || options.EphemeralData)
        {
            return NewSecret();
        }

        lock (Gate)
        {
            var path = Path.Combine(options.WorkingDirectory, ".instauploader", "parameters.json");
            var values = File.Exists(path)
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
                : [];
            if (!values.TryGetValue(name, out var value))
            {
                values[name] = value = NewSecret();
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, JsonSerializer.Serialize(values));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            return value;
        }
    }

    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";

    /// <summary>24 characters with lower, upper and digits, so it passes common password policies (Identity's included).</summary>
    private static string NewSecret()
    {
        while (true)
        {
            var value = RandomNumberGenerator.GetString(Lower + Upper + Digits, 24);
            if (value.Any(Lower.Contains) && value.Any(Upper.Contains) && value.Any(Digits.Contains))
            {
                return value;
            }
        }
    }
}
