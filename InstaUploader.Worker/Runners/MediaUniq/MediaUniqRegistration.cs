using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.MediaUniq;

public static class MediaUniqRegistration
{
    /// <summary>Registers <see cref="MediaUniqRunner"/> (media_uniq), the ffmpeg pipeline and the upload client.</summary>
    public static IHostApplicationBuilder AddMediaUniq(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaUniqOptions>()
            .BindConfiguration(MediaUniqOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.FfmpegPath) && !string.IsNullOrWhiteSpace(o.FfprobePath), "MediaUniq:FfmpegPath and FfprobePath must be set.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.WorkDir), "MediaUniq:WorkDir must be set.")
            .Validate(o => o.ToolTimeout > TimeSpan.Zero && o.UploadTimeout > TimeSpan.Zero, "MediaUniq timeouts must be positive.")
            .Validate(o => o.DurationTolerance is > 0 and < 1, "MediaUniq:DurationTolerance must be between 0 and 1.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ToolRunner>();
        builder.Services.AddSingleton<VideoProbe>();
        builder.Services.AddSingleton<VideoUniquifier>();
        // The default resilience pipeline would retry a streamed body it cannot replay and cut uploads at its timeouts.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported way to opt one client out.
        builder.Services.AddHttpClient<MediaUploadClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<MediaUniqOptions>>().Value.UploadTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<IWorkRunner, MediaUniqRunner>();
        return builder;
    }
}
