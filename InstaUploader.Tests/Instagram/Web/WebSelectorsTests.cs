using InstaUploader.Instagram.Web.Selectors;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>The versioned per-locale selector file the automation reads its labels and texts from.</summary>
public sealed class WebSelectorsTests
{
    [Fact]
    public void English_selectors_load_with_a_version_and_labels_first()
    {
        var english = WebSelectors.English;

        Assert.Equal("en-US", english.Locale);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", english.Version);
        Assert.Contains("Mobile number, username or email", english.Login.UsernameLabels);
        Assert.Contains("input[name='email']", english.Login.UsernameFallbacks);
        Assert.Equal("usePolarisLikeMediaLikeMutation", english.GraphQl.Like);
        Assert.Equal("usePolarisFollowMutation", english.GraphQl.Follow);
    }

    [Fact]
    public void A_locale_without_a_file_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WebSelectors.For("xx-XX"));
    }

    [Theory]
    [InlineData("add location", true)]
    [InlineData("  Add Location ", true)]
    [InlineData("Add location here", false)]
    public void Texts_match_whole_and_ignoring_case(string text, bool matches)
    {
        Assert.Equal(matches, WebSelectors.AnyOf(["Add location"]).IsMatch(text));
    }
}
