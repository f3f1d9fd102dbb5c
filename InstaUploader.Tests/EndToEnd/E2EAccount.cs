namespace InstaUploader.Tests.EndToEnd;

/// <summary>
/// An Instagram account as the test sets it up twice: on the Sandbox ("Instagram") and in the Web's account
/// list (what the worker receives). <see cref="SandboxPassword"/> differs from <see cref="Password"/> to play a wrong password.
/// </summary>
public sealed record E2EAccount(string Username, string Password = "pw-e2e-1")
{
    public const string Totp = "JBSWY3DPEHPK3PXP";

    public int Id { get; set; }
    public string? TotpSecret { get; init; }
    public string? Email { get; init; }
    public string? EmailPassword { get; init; }
    public string? DolphinProfileId { get; init; }
    public string? SandboxPassword { get; init; }

    public static E2EAccount Unique(string prefix) => new(Infrastructure.OperatorApi.Unique(prefix));

    public E2EAccount WithTwoFactor() => this with { TotpSecret = Totp };

    public E2EAccount WithMailbox() => this with { Email = $"{Username}@mail.sandbox.test", EmailPassword = "mail-pw-1" };
}
