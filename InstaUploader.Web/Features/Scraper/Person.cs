namespace InstaUploader.Web.Features.Scraper;

/// <summary>The human behind one or more blogs (seed 004's persons row).</summary>
public sealed class Person
{
    public Guid Id { get; set; }
    public string? FullName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
