using InstaUploader.Instagram.Mobile;
using InstaUploader.Worker.Runners;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Worker.Features.Scraper;

public static class ScraperWorkerExtensions
{
    /// <summary>Registers <see cref="ScrapeRunner"/> (full_scrape, discover) as an <see cref="IWorkRunner"/>.</summary>
    public static IHostApplicationBuilder AddScrapeRunner(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScrapeRunnerOptions>()
            .BindConfiguration(ScrapeRunnerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AccountPacer>();
        if (!builder.Services.Any(d => d.ServiceType == typeof(InstagramMobileClient)))
        {
            builder.Services.AddInstagramMobileClient();
        }

        builder.Services.AddTransient<IWorkRunner, ScrapeRunner>();
        return builder;
    }
}
