using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>Lets `dotnet ef migrations add -c ScraperDbContext` build the model without a database or key ring.</summary>
public sealed class ScraperDesignTimeDbContextFactory : IDesignTimeDbContextFactory<ScraperDbContext>
{
    public ScraperDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ScraperDbContext>();
        ScraperDbContext.Configure(options, "Host=localhost;Database=instauploader");
        return new ScraperDbContext(options.Options, new EphemeralDataProtectionProvider());
    }
}
