namespace InstaUploader.Web.Features.Accounts;

public static class ImportLines
{
    /// <summary>The meaningful lines of an import with their 1-based numbers: blank lines and # comments skipped.</summary>
    public static IEnumerable<(int Number, string Line)> Read(string text)
    {
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim().TrimStart('\uFEFF');
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return (number, line);
            }
        }
    }
}
