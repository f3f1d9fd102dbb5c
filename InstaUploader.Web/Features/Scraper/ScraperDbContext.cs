using InstaUploader.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>The scraper's tables in the Web's database, migrated on their own (history table below).</summary>
public sealed class ScraperDbContext(DbContextOptions<ScraperDbContext> options, IDataProtectionProvider dataProtection) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__ef_migrations_history_scraper";

    /// <summary>The dedupe index: used by ON CONFLICT in <see cref="ScrapeTaskWriter"/>.</summary>
    public const string ActiveTaskIndex = "ux_scrape_tasks_blog_type_active";
    public const string ActiveTaskFilter = "status IN ('pending', 'running')";

    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<ScrapeTask> ScrapeTasks => Set<ScrapeTask>();
    public DbSet<ScrapeAccount> ScrapeAccounts => Set<ScrapeAccount>();

    /// <summary>The key ring the model's secret converter encrypts with (part of the model cache key).</summary>
    internal IDataProtectionProvider DataProtection => dataProtection;

    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .ReplaceService<IModelCacheKeyFactory, ScraperModelCacheKeyFactory>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var b = modelBuilder;
        ValueConverter secret = new SecretConverter(dataProtection);

        b.Entity<Person>(e => e.ToTable("persons"));

        b.Entity<Blog>(e =>
        {
            e.ToTable("blogs");
            e.Property(x => x.Platform).HasMaxLength(32);
            e.Property(x => x.Username).HasMaxLength(64);
            e.Property(x => x.RecentPosts).HasColumnType("jsonb");
            e.HasIndex(x => new { x.Platform, x.Username }).IsUnique();
            e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ScrapeTask>(e =>
        {
            e.ToTable("scrape_tasks");
            e.Property(x => x.TaskType).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.Property(x => x.Result).HasColumnType("jsonb");
            e.HasOne(x => x.Blog).WithMany().HasForeignKey(x => x.BlogId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.BlogId, x.TaskType }).IsUnique().HasFilter(ActiveTaskFilter).HasDatabaseName(ActiveTaskIndex);
            // The claim's path: pending tasks by priority (highest first), then age.
            e.HasIndex(x => new { x.Priority, x.CreatedAt }).IsDescending(true, false).HasFilter("status = 'pending'");
            e.HasIndex(x => x.LeaseExpiresAt).HasFilter("status = 'running'");
            e.HasIndex(x => new { x.Status, x.TaskType });
        });

        b.Entity<ScrapeAccount>(e =>
        {
            e.ToTable("scrape_accounts");
            e.Property(x => x.Username).HasMaxLength(64);
            e.Property(x => x.Status).HasMaxLength(32);
            e.HasIndex(x => x.Username).IsUnique();
            e.Property(x => x.Password).HasConversion(secret);
            e.Property(x => x.TfaSecret).HasConversion(secret);
            e.Property(x => x.EmailPassword).HasConversion(secret);
            e.Property(x => x.Session).HasConversion(secret);
            e.Property(x => x.Proxy).HasConversion(secret);
        });
    }
}
