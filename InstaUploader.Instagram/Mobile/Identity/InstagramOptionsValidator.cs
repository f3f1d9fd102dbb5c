using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Mobile;

/// <summary>Refuses to start with an app identity the client could not present (checked at start, not at first login).</summary>
internal sealed class InstagramOptionsValidator : IValidateOptions<InstagramOptions>
{
    public ValidateOptionsResult Validate(string? name, InstagramOptions options)
    {
        var problems = options.App.Problems().Select(p => $"{MobileAppIdentity.Section}: {p}").ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
