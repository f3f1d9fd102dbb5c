namespace Aspire.Hosting.Orchestration;

/// <summary>Finds the built assembly of a project (the AppHost references every project, so building it builds them).</summary>
internal static class ProjectLocator
{
    public static string FindAssembly(string projectPath)
    {
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var assembly = name + ".dll";
        // Prefer the configuration the caller itself runs in (a Release benchmark runs Release services).
        var configurations = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? new[] { "Release", "Debug" }
            : ["Debug", "Release"];
        var candidates = ArtifactsLayoutCandidates(name, assembly)
            .Concat(configurations.Select(c => Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", c, "net10.0", assembly)))
            .Where(File.Exists)
            .ToList();
        return candidates.Count > 0
            ? candidates[0]
            : throw new FileNotFoundException($"{assembly} is not built. Build the AppHost first (dotnet build).", assembly);
    }

    /// <summary>
    /// When built with --artifacts-path, outputs sit in &lt;artifacts&gt;/bin/&lt;Project&gt;/&lt;config&gt;/: look for the
    /// project beside the assembly this code runs from, so a build in a private artifacts folder runs its own binaries.
    /// </summary>
    private static IEnumerable<string> ArtifactsLayoutCandidates(string name, string assembly)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var binRoot = here.Parent?.Parent;
        if (binRoot is { Name: "bin" } && here.Name is "debug" or "release")
        {
            yield return Path.Combine(binRoot.FullName, name, here.Name, assembly);
        }
    }
}
