using InstaUploader.Worker.Features.Api;
using InstaUploader.Worker.Features.Registration;
using InstaUploader.Worker.UiApi;
using Microsoft.AspNetCore.Authentication;

namespace InstaUploader.Worker;

public static class WorkerServices
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .Configure<IConfiguration>((o, c) => WorkerOptions.Bind(c, o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<WorkerActivity>();
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorization();

        builder.Services.AddHttpClient<UiApiClient>();
        builder.Services.AddHostedService<RegistrationService>();
        return builder;
    }
}
