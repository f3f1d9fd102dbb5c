namespace InstaUploader.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Waits for <paramref name="condition"/>; the deadline only bounds a failing test, it measures nothing.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Never happened: {what}");
            await Task.Delay(50);
        }
    }
}
