using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram.Mail;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>Test stand-in for the IMAP reader: polls the Sandbox's recorded mail for a 6-digit code.</summary>
internal sealed class SandboxMailCodeReader(HttpClient sandbox) : IEmailCodeReader
{
    public async Task<string?> WaitForCodeAsync(string email, string password, DateTimeOffset since, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var mails = await sandbox.GetFromJsonAsync<List<JsonElement>>($"sandbox/api/mail/{Uri.EscapeDataString(email)}", ct) ?? [];
            var code = mails
                .Where(m => m.GetProperty("at").GetDateTimeOffset() >= since)
                .Select(CodeIn)
                .LastOrDefault(code => code is not null);
            if (code is not null)
            {
                return code;
            }

            await Task.Delay(100, ct);
        }

        return null;
    }

    private static string? CodeIn(JsonElement mail)
    {
        var body = mail.GetProperty("body").GetString();
        var html = mail.TryGetProperty("contentType", out var type) && type.GetString() == "text/html";
        return SecurityCodeText.Find(mail.GetProperty("subject").GetString(), html ? null : body, html ? body : null);
    }
}
