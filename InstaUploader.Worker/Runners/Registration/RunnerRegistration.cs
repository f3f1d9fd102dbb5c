using InstaUploader.Worker.Features.Scraper;
using InstaUploader.Worker.Runners.MediaUniq;
using InstaUploader.Worker.Runners.ProxyDiagnostics;
using InstaUploader.Worker.Runners;

namespace InstaUploader.Worker.Runners.Registration;

/// <summary>Every task kind's runner, and the clients they use. One line per runner.</summary>
public static class RunnerRegistration
{
    public static IHostApplicationBuilder AddWorkRunners(this IHostApplicationBuilder builder)
    {
        builder.AddProxyDiagnostics();
        builder.AddMediaUniq();
        builder.AddInstagramRunners();
        builder.AddScrapeRunner();
        return builder;
    }
}
