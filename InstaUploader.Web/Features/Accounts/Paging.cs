using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Mvc;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>One page of a list: <c>{items, total, page, page_size}</c>. Shared by the management lists.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>1-based <c>page</c> and <c>page_size</c> query parameters.</summary>
public sealed record PageQuery(
    [FromQuery(Name = "page")] int? Page = null,
    [FromQuery(Name = "page_size")] int? PageSize = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public int PageNumber => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;
    public int Skip => (PageNumber - 1) * Size;

    public void Validate(FieldErrors errors)
    {
        if (PageNumber < 1)
        {
            errors.Add("page", "Must be 1 or more.");
        }

        if (Size is < 1 or > MaxPageSize)
        {
            errors.Add("page_size", $"Must be between 1 and {MaxPageSize}.");
        }
    }
}
