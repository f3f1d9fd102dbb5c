namespace InstaUploader.Sandbox.Mail;

public static class SandboxImapRegistration
{
    /// <summary>The IMAP view of the Sandbox inbox; listens only when "Sandbox:ImapPort" is set.</summary>
    public static IServiceCollection AddSandboxImap(this IServiceCollection services)
    {
        services.AddOptions<SandboxImapOptions>().BindConfiguration("Sandbox");
        services.AddHostedService<SandboxImapServer>();
        return services;
    }
}
