using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Web.Features.Errors;

public static class DbErrors
{
    /// <summary>A unique index rejected the row: a concurrent writer got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static bool IsForeignKeyViolation(this DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
