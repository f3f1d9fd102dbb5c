namespace Aspire.Hosting.Orchestration;

/// <summary>Finds the built assembly of a project (the AppHost references every project, so building it builds them).</summary>
internal static class ProjectLocator
{
    public static string FindAssembly(string projectPath)
    {
        var projectDir = Path.GetDirectoryName(projectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(projectPath) + ".dll";
        var candidates = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(projectDir, "bin", c, "net10.0", assemblyName))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        return candidates.Count > 0
            ? candidates[0]
            : throw new FileNotFoundException($"{assemblyName} is not built. Build the AppHost first (dotnet build).", assemblyName);
    }
}
