namespace Aspire.Hosting;

/// <summary>
/// Lets the test host run an AppHost's entry point up to Build() and take its builder, the way
/// Aspire.Hosting.Testing intercepts the AppHost (there through HostFactoryResolver).
/// </summary>
internal static class DistributedApplicationTestingHook
{
    private static readonly AsyncLocal<TaskCompletionSource<DistributedApplicationBuilder>?> Capture = new();

    public static TaskCompletionSource<DistributedApplicationBuilder> Arm()
    {
        var tcs = new TaskCompletionSource<DistributedApplicationBuilder>(TaskCreationOptions.RunContinuationsAsynchronously);
        Capture.Value = tcs;
        return tcs;
    }

    public static bool TryCapture(DistributedApplicationBuilder builder)
    {
        var tcs = Capture.Value;
        if (tcs is null)
        {
            return false;
        }

        Capture.Value = null;
        return tcs.TrySetResult(builder);
    }

    internal sealed class CapturedException() : Exception("The AppHost builder was captured by the test host.");
}
