namespace InstaUploader.Web.Components.Shared;

/// <summary>Long texts (errors, results, metrics) cut to fit a table cell.</summary>
public static class TextPreview
{
    public static string? Cut(string? text, int maxLength) => text is { } t && t.Length > maxLength ? t[..maxLength] + "…" : text;
}
