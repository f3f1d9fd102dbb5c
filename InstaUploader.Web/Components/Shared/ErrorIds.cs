namespace InstaUploader.Web.Components.Shared;

/// <summary>Ties an input to its inline error: aria-describedby and aria-invalid from the service's snake_case field keys.</summary>
public static class ErrorIds
{
    public static string For(string field) => "err-" + field.Replace('.', '-');

    public static bool Has(IReadOnlyDictionary<string, string[]>? errors, string field) => errors?.ContainsKey(field) == true;

    public static Dictionary<string, object> Attrs(IReadOnlyDictionary<string, string[]>? errors, string field) =>
        Has(errors, field)
            ? new() { ["aria-invalid"] = "true", ["aria-describedby"] = For(field) }
            : [];

    /// <summary>The errors left once the operator has changed <paramref name="field"/>: its message goes, the others stay until the next save.</summary>
    public static IReadOnlyDictionary<string, string[]>? Without(IReadOnlyDictionary<string, string[]>? errors, string field) =>
        Has(errors, field) ? errors!.Where(e => e.Key != field).ToDictionary() : errors;
}
