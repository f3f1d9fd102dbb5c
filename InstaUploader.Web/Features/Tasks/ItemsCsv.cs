using System.Text;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>A task's items as CSV (account, status, attempts, error, result) for the operator's spreadsheet.</summary>
public static class ItemsCsv
{
    public static async Task<IResult> ExportAsync(int id, AppDbContext db, Security.AuditLog audit, CancellationToken ct)
    {
        var task = await db.Tasks.FindAsync([id], ct);
        if (task is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No task {id}.");
        }

        await audit.WriteAsync(Security.AuditActions.Export, "task", id.ToString(System.Globalization.CultureInfo.InvariantCulture), details: new { what = "items.csv" }, ct: ct);
        var rows = await new ItemQueries(db).ExportAsync(id, ct);
        var csv = new StringBuilder("number,account,status,attempts,max_attempts,worker,error,result,links\r\n");
        foreach (var r in rows)
        {
            csv.AppendJoin(',', [
                Field(r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), Field(r.Target), Field(r.Status),
                Field(r.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)), Field(r.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Field(r.Worker), Field(r.Error), Field(r.Result.Text), Field(string.Join(' ', r.Result.Links.Select(l => l.Url))),
            ]).Append("\r\n");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"task-{id}-items.csv");
    }

    // Quoted when it holds a separator, a quote or a line break; a leading = + - @ is defused so a spreadsheet shows it as text.
    private static string Field(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
