using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Mobile;

public static class InstagramOptionsRegistration
{
    /// <summary>
    /// Binds <see cref="InstagramOptions"/> (section Instagram) over the app identity data set: the embedded one, or
    /// the file at Instagram:App:File, then single keys from configuration; validated when the host starts.
    /// </summary>
    public static OptionsBuilder<InstagramOptions> AddInstagramOptions(this IServiceCollection services)
    {
        var builder = services.AddOptions<InstagramOptions>();
        if (services.Any(d => d.ImplementationType == typeof(InstagramOptionsValidator)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstagramOptions>, InstagramOptionsValidator>());
        return builder
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration[$"{MobileAppIdentity.Section}:{nameof(MobileAppIdentity.File)}"] is { Length: > 0 } path)
                {
                    options.App = MobileAppIdentity.FromFile(path);
                }
            })
            .BindConfiguration(InstagramOptions.Section)
            .ValidateOnStart();
    }
}
