using System.ComponentModel.DataAnnotations;
namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Result of a line-per-record import. <see cref="Skipped"/> counts records that already existed and were left
/// unchanged (each is also listed in <see cref="Errors"/>); invalid lines only appear in <see cref="Errors"/>.
/// </summary>
public sealed record ImportReport(int Created, int Updated, int Skipped, IReadOnlyList<ImportLineError> Errors);

/// <summary>A rejected line, 1-based as the operator sees it in the file.</summary>
public sealed record ImportLineError(int Line, string Error);

/// <summary>JSON form of an import body: <c>{"text": "..."}</c>.</summary>
public sealed record ImportTextRequest([property: MaxLength(ImportTextReader.MaxChars)] string? Text);
