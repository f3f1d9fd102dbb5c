using System.ComponentModel.DataAnnotations;
namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Result of a line-per-record import. <see cref="Skipped"/> counts records that already existed and were left
/// unchanged: those that differ from the line are also listed in <see cref="Errors"/> (import with update to write
/// them), those identical to it are not, so importing the same file again reports no problems and changes nothing.
/// Invalid lines only appear in <see cref="Errors"/>.
/// </summary>
public sealed record ImportReport(int Created, int Updated, int Skipped, IReadOnlyList<ImportLineError> Errors);

/// <summary>How far an import is: records written so far out of those to write (the progress bar's numbers).</summary>
public sealed record ImportProgress(int Done, int Total);

/// <summary>A rejected line, 1-based as the operator sees it in the file, with its text (secrets hidden, <see cref="ImportLineText"/>).</summary>
public sealed record ImportLineError(int Line, string Text, string Error);

/// <summary>JSON form of an import body: <c>{"text": "..."}</c>.</summary>
public sealed record ImportTextRequest([property: MaxLength(ImportTextReader.MaxChars)] string? Text);
