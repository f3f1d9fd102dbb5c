using System.Reflection;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Foundation;

/// <summary>The longest-first list names collections that exist, so a renamed class cannot quietly start last.</summary>
public sealed class SuiteOrderTests
{
    [Fact]
    public void Every_collection_the_orderer_starts_first_exists_in_this_assembly()
    {
        var types = typeof(SuiteOrderTests).Assembly.GetTypes();
        var named = types.SelectMany(t => t.GetCustomAttributesData())
            .Where(a => a.AttributeType == typeof(CollectionDefinitionAttribute))
            .Select(a => (string)a.ConstructorArguments[0].Value!);
        var ofClasses = types.Where(t => t.GetCustomAttribute<CollectionAttribute>() is null && HasTests(t))
            .Select(t => "Test collection for " + t.FullName);
        HashSet<string> collections = [.. named, .. ofClasses];

        Assert.All(LongestFirstOrderer.Longest, name => Assert.Contains(name, collections));
        Assert.Equal(LongestFirstOrderer.Longest.Length, LongestFirstOrderer.Longest.Distinct().Count());
    }

    private static bool HasTests(Type type) =>
        type.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any());
}
