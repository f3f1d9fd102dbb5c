using InstaUploader.Instagram.Mail;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Avatar;
using InstaUploader.Worker.Runners.Bio;
using InstaUploader.Worker.Runners.BulkLogin;
using InstaUploader.Worker.Runners.BulkUpload;
using InstaUploader.Worker.Runners.Common;
using InstaUploader.Worker.Runners.CookieRobot;
using InstaUploader.Worker.Runners.Follow;
using InstaUploader.Worker.Runners.Warmup;
using InstaUploader.Worker.Runners.Canary;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using InstaUploader.Worker.Runners;

namespace InstaUploader.Worker.Runners.Registration;

public static class InstagramRunnersRegistration
{
    /// <summary>
    /// The Instagram task kinds (bulk_upload, bulk_login, warmup, avatar, bio, follow, cookie_robot, web_canary) and the clients
    /// they use: the mobile API client, the IMAP code reader, Dolphin Anty and the instagram.com automation.
    /// </summary>
    public static IHostApplicationBuilder AddInstagramRunners(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RunnerOptions>().BindConfiguration(RunnerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Neither client may sit behind the default resilience handler: its 10 s attempt timeout cuts video uploads
        // and Dolphin profile starts, and retrying a login, a follow or a configure is the runner's decision.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported way to opt one client out.
        services.AddInstagramMobileClient().RemoveAllResilienceHandlers();
        services.AddImapEmailCodeReader();
        services.AddInstagramWebAutomation();
        services.AddDolphinAntyClient().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddOptions<BrowserOptions>().Configure<IOptions<WorkerOptions>>((browser, worker) =>
            browser.Headless = worker.Value.Headless && !worker.Value.VisibleBrowser);

        services.AddSingleton<MobileAccountLogin>();
        services.AddSingleton<BrowserAccountLogin>();
        services.AddSingleton<ItemProgress>();
        services.AddSingleton<RunGuard>();
        services.AddSingleton<IReelPublisher, MobileReelPublisher>();
        services.AddSingleton<IReelPublisher, BrowserReelPublisher>();
        services.AddSingleton<BrowserWarmup>();

        services.AddSingleton<IWorkRunner, BulkUploadRunner>();
        services.AddSingleton<IWorkRunner, BulkLoginRunner>();
        services.AddSingleton<IWorkRunner, WarmupRunner>();
        services.AddSingleton<IWorkRunner, AvatarRunner>();
        services.AddSingleton<IWorkRunner, BioRunner>();
        services.AddSingleton<IWorkRunner, FollowRunner>();
        services.AddSingleton<IWorkRunner, CookieRobotRunner>();
        services.AddSingleton<CanaryMeters>();
        services.AddSingleton<IWorkRunner, WebCanaryRunner>();
        return builder;
    }
}
