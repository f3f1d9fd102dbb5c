using System.Net;
using System.Text.Json;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>The caller's IP from an IP echo answer: JSON <c>ip</c> (ipify, Sandbox), <c>query</c> (ip-api), <c>origin</c> (httpbin), or plain text.</summary>
public static class ExitIp
{
    private static readonly string[] Fields = ["ip", "query", "origin"];

    public static string? Parse(string body)
    {
        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                foreach (var field in Fields)
                {
                    if (doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && Normalize(v.GetString()!.Split(',')[0]) is { } ip)
                    {
                        return ip;
                    }
                }
            }
            catch (JsonException)
            {
                return null;
            }

            return null;
        }

        return Normalize(text);
    }

    private static string? Normalize(string s) =>
        IPAddress.TryParse(s.Trim(), out var ip) ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;
}
