namespace InstaUploader.Tests.EndToEnd;

/// <summary>A measurement, not a check for every run: runs only when E2E_SCALE=1.</summary>
public sealed class ScaleFactAttribute : FactAttribute
{
    public ScaleFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("E2E_SCALE") != "1")
        {
            Skip = "Measurement; set E2E_SCALE=1 to run.";
        }
    }
}

public sealed class ScaleTheoryAttribute : TheoryAttribute
{
    public ScaleTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("E2E_SCALE") != "1")
        {
            Skip = "Measurement; set E2E_SCALE=1 to run.";
        }
    }
}
