using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// EF caches a context's model per process, and the model holds the secret converter with the key ring it was
/// built with. Keying the cache on the provider too keeps two hosts in one process (tests) from decrypting with
/// each other's keys.
/// </summary>
internal sealed class ScraperModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is ScraperDbContext scraper
            ? (context.GetType(), scraper.DataProtection, designTime)
            : (object)(context.GetType(), designTime);
}
