using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Instagram.Mail;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>Test stand-in for the IMAP reader: polls the Sandbox's recorded mail for a 6-digit code.</summary>
internal sealed partial class SandboxMailCodeReader(HttpClient sandbox) : IEmailCodeReader
{
    public async Task<string?> WaitForCodeAsync(string email, string password, DateTimeOffset since, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var mails = await sandbox.GetFromJsonAsync<List<JsonElement>>($"sandbox/api/mail/{Uri.EscapeDataString(email)}", ct) ?? [];
            var code = mails
                .Where(m => m.GetProperty("at").GetDateTimeOffset() >= since)
                .Select(m => SixDigits().Match(m.GetProperty("body").GetString() ?? ""))
                .LastOrDefault(m => m.Success)?.Value;
            if (code is not null)
            {
                return code;
            }

            await Task.Delay(100, ct);
        }

        return null;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
