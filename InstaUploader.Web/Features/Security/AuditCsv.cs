using System.Globalization;
using System.Text;

namespace InstaUploader.Web.Features.Security;

/// <summary>The filtered audit trail as CSV, streamed; the export itself is an audited action.</summary>
public static class AuditCsv
{
    public static async Task ExportAsync(HttpContext http, string? user, int? workspace_id, string? action, string? record_type,
        string? record_id, DateTimeOffset? from, DateTimeOffset? to, AuditQueries queries, AuditLog audit, CancellationToken ct)
    {
        var filter = new AuditFilter(user, workspace_id, action, record_type, record_id, from, to);
        await audit.WriteAsync(AuditActions.Export, "audit_entries", details: filter, ct: ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=audit.csv";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await writer.WriteAsync("id,at,user_id,actor,action,record_type,record_id,workspace_id,ip,user_agent,details\r\n");
        await foreach (var e in queries.StreamAsync(filter).WithCancellation(ct))
        {
            await writer.WriteAsync(string.Join(',',
                e.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                Field(e.UserId), Field(e.Actor), Field(e.Action), Field(e.RecordType), Field(e.RecordId),
                e.WorkspaceId?.ToString(CultureInfo.InvariantCulture) ?? "", Field(e.Ip), Field(e.UserAgent), Field(e.Details)) + "\r\n");
        }
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
