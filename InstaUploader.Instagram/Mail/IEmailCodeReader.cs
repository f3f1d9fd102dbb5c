namespace InstaUploader.Instagram.Mail;

/// <summary>Reads the security code Instagram e-mails during a challenge (checkpoint) from the account's mailbox.</summary>
public interface IEmailCodeReader
{
    /// <summary>Waits for a mail received after <paramref name="since"/> carrying a 6-digit code; null on timeout.</summary>
    Task<string?> WaitForCodeAsync(string email, string password, DateTimeOffset since, TimeSpan timeout, CancellationToken ct);
}
