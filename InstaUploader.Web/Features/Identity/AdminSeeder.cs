using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Identity;

/// <summary>Creates the configured first admin if no user with that e-mail exists. Safe to run on every start.</summary>
public static class AdminSeeder
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (string.IsNullOrEmpty(options.Password))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(options.Email) is { } existing)
        {
            await OwnDefaultWorkspaceAsync(scope.ServiceProvider, existing, ct);
            return;
        }

        var admin = new IdentityUser { UserName = options.Email, Email = options.Email, EmailConfirmed = true };
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminSeeder));
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(admin, options.Password);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException ex)
        {
            // Another Web replica starting at the same moment may have created it first (the unique user name index said so).
            if (await users.FindByEmailAsync(options.Email) is null)
            {
                throw;
            }

            logger.LogInformation("The first admin {Email} was created by another replica ({Error})", options.Email, ex.InnerException?.Message);
            return;
        }

        if (result.Succeeded)
        {
            logger.LogInformation("Created the first admin {Email}", options.Email);
            await OwnDefaultWorkspaceAsync(scope.ServiceProvider, admin, ct);
        }
        else
        {
            // A concurrent start may have created it; anything else is a configuration problem worth seeing.
            logger.LogWarning("Could not create admin {Email}: {Errors}", options.Email, string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>The configured admin owns the default workspace (where everything made before workspaces lives).</summary>
    private static async Task OwnDefaultWorkspaceAsync(IServiceProvider services, IdentityUser admin, CancellationToken ct)
    {
        var db = services.GetRequiredService<Data.AppDbContext>();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO workspace_members (workspace_id, user_id, role, selected_at)
            VALUES ({Data.Workspace.DefaultId}, {admin.Id}, {nameof(Workspaces.WorkspaceRole.Owner)}, now())
            ON CONFLICT DO NOTHING
            """, ct);
    }
}
