using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InstaUploader.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without a running database or key ring.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql("Host=localhost;Database=instauploader")
            .UseSnakeCaseNamingConvention()
            .Options;
        return new AppDbContext(options, new EphemeralDataProtectionProvider());
    }
}
