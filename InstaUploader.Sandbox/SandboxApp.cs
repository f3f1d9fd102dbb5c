using InstaUploader.Sandbox.Control;
using InstaUploader.Sandbox.Dolphin;
using InstaUploader.Sandbox.Mail;
using InstaUploader.Sandbox.Mobile;
using InstaUploader.Sandbox.State;
using InstaUploader.Sandbox.Web;

namespace InstaUploader.Sandbox;

/// <summary>
/// A local stand-in for Instagram (web pages and the private mobile API), Dolphin Anty (its local API under
/// /v1.0, its remote API under /dolphin-anty-api) and an e-mail inbox, all on one host with distinct paths. Tests and demos point the workers' base URLs here.
/// </summary>
public static class SandboxApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<SandboxStore>();
        builder.Services.AddSingleton<PushBackLimits>();
        builder.Services.AddProblemDetails();
        builder.Services.AddDolphinStandIn();
        builder.Services.AddInstagramWebStandIn();
        builder.Services.AddMobileApi();
        builder.Services.AddSandboxImap();

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseMobileRequestRecorder();
        app.MapDefaultEndpoints();
        app.MapSandboxControlApi();
        app.MapIpEchoApi();
        app.MapMobileTrafficApi();
        app.MapDolphinApi();
        app.MapDolphinRemoteApi();
        app.MapDolphinControlApi();
        app.MapWebPages();
        app.MapMobileApi();
        // Helpers add: app.MapMobileApi(); app.MapWebPages(); app.MapDolphinApi();
        return app;
    }
}
