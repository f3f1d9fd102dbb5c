using InstaUploader.Web.Features.Errors;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>What the account list shows: a filtered page of accounts and the tags in use (the page writes nothing).</summary>
public sealed class AccountQueries(AccountService accounts)
{
    public const int PageSize = 25;

    public Task<ServiceResult<PagedList<AccountResponse>>> ListAsync(AccountFilter filter, int page, CancellationToken ct) =>
        accounts.ListAsync(filter, new PageQuery(page, PageSize), ct);

    public Task<List<AccountService.TagCount>> TagsAsync(CancellationToken ct) => accounts.TagsAsync(ct);
}
