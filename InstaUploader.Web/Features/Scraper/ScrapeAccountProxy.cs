using InstaUploader.Contracts.Scrape;
using InstaUploader.Web.Features.Proxies;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// A scraping account's proxy: any notation the proxy importer accepts, stored as written (encrypted), shown to
/// operators without its credentials and handed to the worker in the claim's proxy block.
/// </summary>
public static class ScrapeAccountProxy
{
    public static bool TryValidate(string? text, out string? normalized, out string error)
    {
        normalized = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!ProxyParser.TryParse(text, "http", out _, out error))
        {
            return false;
        }

        normalized = text.Trim();
        return true;
    }

    public static ProxyDraft? Parse(string? stored) =>
        stored is not null && ProxyParser.TryParse(stored, "http", out var draft, out _) ? draft : null;

    public static string? Display(string? stored) => Parse(stored)?.Display;

    /// <summary>The claim's proxy block, in the shape of the account proxy of every other claim (less the id of a stored proxy).</summary>
    public static ScrapeProxyBlock? Block(string? stored) => Parse(stored) is { } p
        ? new ScrapeProxyBlock(p.Scheme, p.Host, p.Port, p.Username, p.Password)
        : null;
}
