namespace InstaUploader.Sandbox.Mail;

/// <summary>The Sandbox inbox over IMAP ("Sandbox:ImapPort"; 0 keeps it off).</summary>
public sealed class SandboxImapOptions
{
    public int ImapPort { get; set; }

    public string ImapHost { get; set; } = "127.0.0.1";
}
