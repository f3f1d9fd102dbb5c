using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InstaUploader.Instagram.Mail;

/// <summary>
/// Polls the account's INBOX over IMAP (MailKit) for the newest Instagram mail received after a moment and
/// returns the 6-digit code in it. The mailbox is opened read-only; nothing is deleted or marked.
/// </summary>
public sealed partial class ImapEmailCodeReader(IOptions<ImapOptions> options, TimeProvider time, ILogger<ImapEmailCodeReader> logger)
    : IEmailCodeReader
{
    public async Task<string?> WaitForCodeAsync(string email, string password, DateTimeOffset since, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                if (await ReadNewestCodeAsync(email, password, since, ct) is { } code)
                {
                    return code;
                }
            }
            catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning("Mailbox of {Email} not readable yet: {Reason}", email, e.Message);
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(left < options.Value.PollInterval ? left : options.Value.PollInterval, time, ct);
        }
    }

    private async Task<string?> ReadNewestCodeAsync(string email, string password, DateTimeOffset since, CancellationToken ct)
    {
        var settings = options.Value;
        using var client = new ImapClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
        await client.AuthenticateAsync(email, password, ct);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly, ct);

        // SINCE has day granularity; the exact cut-off is applied to each message's Date below.
        var uids = await inbox.SearchAsync(SearchQuery.DeliveredAfter(since.UtcDateTime.Date.AddDays(-1)), ct);
        string? code = null;
        foreach (var uid in uids.OrderByDescending(u => u.Id))
        {
            var message = await inbox.GetMessageAsync(uid, ct);
            if (message.Date < since || !FromInstagram(message))
            {
                continue;
            }

            code = CodeIn(message);
            if (code is not null)
            {
                break;
            }
        }

        await client.DisconnectAsync(true, ct);
        return code;
    }

    private static bool FromInstagram(MimeMessage message) =>
        message.From.Mailboxes.Any(m => m.Address.Contains("instagram", StringComparison.OrdinalIgnoreCase)
                                        || m.Address.Contains("facebookmail", StringComparison.OrdinalIgnoreCase));

    private static string? CodeIn(MimeMessage message)
    {
        foreach (var text in new[] { message.Subject, message.TextBody, message.HtmlBody })
        {
            // A code alone on its line first: the greeting ("Hi user_123456,") may carry digits of its own.
            if (text is not null && (CodeLine().Match(text) is { Success: true } line ? line.Groups[1] : SixDigits().Match(text)) is { Success: true } match)
            {
                return match.Value;
            }
        }

        return null;
    }

    /// <summary>Six digits standing as a word of their own (not inside "user_f5a587994a").</summary>
    [GeneratedRegex(@"(?<!\w)\d{6}(?!\w)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"^\s*(\d{6})\s*$", RegexOptions.Multiline)]
    private static partial Regex CodeLine();
}
