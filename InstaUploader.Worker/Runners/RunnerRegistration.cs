namespace InstaUploader.Worker.Runners;

/// <summary>Every task kind's runner, and the clients they use. One line per runner.</summary>
public static class RunnerRegistration
{
    public static IHostApplicationBuilder AddWorkRunners(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
