using System.Globalization;
using System.Text;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mail;

/// <summary>A <see cref="SandboxMail"/> as an RFC 5322 message and the IMAP date forms.</summary>
internal static class ImapMessageFormat
{
    public static byte[] ToRfc822(SandboxMail mail, int uid)
    {
        var text = new StringBuilder()
            .Append("Return-Path: <").Append(mail.From).Append(">\r\n")
            .Append("From: Instagram <").Append(mail.From).Append(">\r\n")
            .Append("To: <").Append(mail.To).Append(">\r\n")
            .Append("Subject: ").Append(EncodeHeader(mail.Subject)).Append("\r\n")
            .Append("Date: ").Append(mail.At.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Message-ID: <sandbox-").Append(uid).Append('-').Append(mail.At.ToUnixTimeMilliseconds()).Append("@mail.instagram.com>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: ").Append(mail.ContentType).Append("; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n")
            .Append("\r\n");
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(mail.Body), Base64FormattingOptions.InsertLineBreaks);
        text.Append(body.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal)).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static string InternalDate(DateTimeOffset at) =>
        at.UtcDateTime.ToString("dd-MMM-yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);

    public static bool TryParseSearchDate(string value, out DateTime date) =>
        DateTime.TryParseExact(value, ["d-MMM-yyyy", "dd-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);

    private static string EncodeHeader(string value) =>
        value.All(c => c < 128) ? value : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
}
