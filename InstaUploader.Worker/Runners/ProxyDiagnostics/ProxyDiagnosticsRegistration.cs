using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

public static class ProxyDiagnosticsRegistration
{
    /// <summary>Registers <see cref="ProxyDiagRunner"/> (proxy_diag) and its checker.</summary>
    public static IHostApplicationBuilder AddProxyDiagnostics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyDiagnosticsOptions>()
            .BindConfiguration(ProxyDiagnosticsOptions.Section)
            .Configure<IConfiguration>((o, c) => ProxyDiagnosticsOptions.ApplySandboxDefaults(c, o))
            .PostConfigure(o => o.ProbeHttpsUrl = o.ProbeHttpsUrl is { OriginalString: "" } ? null : o.ProbeHttpsUrl)
            .Validate(o => ProxyDiagnosticsOptions.IsHttpUrl(o.ProbeUrl), "ProxyDiagnostics:ProbeUrl must be an absolute http(s) URL.")
            .Validate(o => o.ProbeHttpsUrl is null || ProxyDiagnosticsOptions.IsHttpUrl(o.ProbeHttpsUrl), "ProxyDiagnostics:ProbeHttpsUrl must be an absolute http(s) URL or empty.")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero, "ProxyDiagnostics timeouts must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProxyChecker>();
        builder.Services.AddSingleton<IWorkRunner, ProxyDiagRunner>();
        return builder;
    }
}
