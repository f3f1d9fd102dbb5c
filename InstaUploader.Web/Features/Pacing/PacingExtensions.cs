namespace InstaUploader.Web.Features.Pacing;

public static class PacingExtensions
{
    public static IHostApplicationBuilder AddPacing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PacingOptions>().BindConfiguration(PacingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<AccountPacing>();
        builder.Services.AddScoped<PacingAlerts>();
        builder.Services.AddScoped<PacingQueries>();
        builder.Services.AddScoped<CapSettings>();
        builder.Services.AddHttpClient(PacingAlerts.WebhookClient);
        return builder;
    }
}
