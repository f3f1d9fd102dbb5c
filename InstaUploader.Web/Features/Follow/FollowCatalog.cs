using System.Text.RegularExpressions;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Follow;

/// <summary>Follow categories and their target usernames, for the operator console.</summary>
public sealed partial class FollowCatalog(AppDbContext db, TimeProvider time)
{
    [GeneratedRegex("^[a-z0-9._]{1,30}$")]
    private static partial Regex UsernamePattern();

    public sealed record CategoryRow(int Id, string Name, string? Description, int Targets, DateTimeOffset CreatedAt);

    public Task<List<CategoryRow>> ListAsync(CancellationToken ct) =>
        db.FollowCategories.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CategoryRow(c.Id, c.Name, c.Description, c.Targets.Count, c.CreatedAt)).ToListAsync(ct);

    public Task<List<FollowTarget>> TargetsAsync(int categoryId, CancellationToken ct) =>
        db.FollowTargets.AsNoTracking().Where(t => t.CategoryId == categoryId).OrderBy(t => t.Username).ToListAsync(ct);

    public async Task<ServiceResult<int>> CreateAsync(string? name, string? description, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return ServiceResult<int>.Invalid("name", "Required, at most 100 characters.");
        }

        if (await db.FollowCategories.AnyAsync(c => c.Name == name, ct))
        {
            return ServiceResult<int>.Conflict($"A category named '{name}' exists.");
        }

        var category = new FollowCategory { Name = name, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(), CreatedAt = time.GetUtcNow() };
        db.FollowCategories.Add(category);
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(category.Id);
    }

    /// <summary>Adds usernames (one per line, comma or space separated, '@' optional); returns how many were new.</summary>
    public Task<ServiceResult<int>> AddTargetsAsync(int categoryId, string? text, CancellationToken ct) =>
        AddTargetsAsync(categoryId, (text ?? "").Split(['\n', '\r', ',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries), ct);

    /// <summary>Adds the usernames not yet in the category ('@' optional, case-insensitive); returns how many were new.</summary>
    public async Task<ServiceResult<int>> AddTargetsAsync(int categoryId, IEnumerable<string> usernames, CancellationToken ct)
    {
        if (!await db.FollowCategories.AnyAsync(c => c.Id == categoryId, ct))
        {
            return ServiceResult<int>.NotFound($"No follow category {categoryId}.");
        }

        var names = usernames.Select(u => u.Trim().TrimStart('@').ToLowerInvariant()).Where(u => u.Length > 0).Distinct().ToList();
        var invalid = names.Where(n => !UsernamePattern().IsMatch(n)).ToList();
        if (names.Count == 0 || invalid.Count > 0)
        {
            return ServiceResult<int>.Invalid("usernames", names.Count == 0 ? "Give at least one username." : $"Not Instagram usernames: {string.Join(", ", invalid)}.");
        }

        var existing = await db.FollowTargets.Where(t => t.CategoryId == categoryId && names.Contains(t.Username)).Select(t => t.Username).ToListAsync(ct);
        var added = names.Except(existing).ToList();
        var now = time.GetUtcNow();
        db.FollowTargets.AddRange(added.Select(u => new FollowTarget { CategoryId = categoryId, Username = u, CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        return ServiceResult<int>.Ok(added.Count);
    }

    public async Task RemoveTargetAsync(int targetId, CancellationToken ct)
    {
        var categories = db.Writable(db.FollowCategories);
        await db.FollowTargets.Where(t => t.Id == targetId && categories.Any(c => c.Id == t.CategoryId)).ExecuteDeleteAsync(ct);
    }

    public async Task<ServiceResult<bool>> DeleteCategoryAsync(int id, CancellationToken ct)
    {
        var category = db.Writable(db.FollowCategories).Where(c => c.Id == id);
        await db.FollowTargets.Where(t => category.Any(c => c.Id == t.CategoryId)).ExecuteDeleteAsync(ct);
        var n = await category.ExecuteDeleteAsync(ct);
        return n == 0 ? ServiceResult<bool>.NotFound($"No follow category {id}.") : ServiceResult<bool>.Ok(true);
    }
}
