using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Instagram.Mail;

public static class ImapRegistration
{
    /// <summary>Reads challenge codes over IMAP with the server from "Instagram:Imap" (unless another reader is registered).</summary>
    public static IServiceCollection AddImapEmailCodeReader(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ImapOptions>().BindConfiguration(ImapOptions.Section);
        services.TryAddSingleton<IEmailCodeReader, ImapEmailCodeReader>();
        return services;
    }
}
