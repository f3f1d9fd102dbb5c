using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>Every app version the Sandbox serves must have a known Bloks id, or it could not check the header.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var unknown = new MobileAppBuilds(options).Unknown().ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Sandbox:MobileAllowedAppVersions names {string.Join(", ", unknown)} without a Bloks id: add it to Sandbox:MobileAppBuilds.");
    }
}
