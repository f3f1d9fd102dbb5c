namespace InstaUploader.Web.Features.Scraper;

/// <summary>The human behind one or more blogs (a persons row; docs/protocol.md#scraper).</summary>
public sealed class Person
{
    public Guid Id { get; set; }
    public string? FullName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
