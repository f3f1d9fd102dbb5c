using System.Text.Json;

namespace InstaUploader.Tests.Compat;

/// <summary>
/// The original system's pydantic models (ssuvorin/instagram-mass-uploader-windows @ ad5ce5d,
/// modules/bulk_worker_service/bulk_worker_service/domain.py), written down as field rules and checked strictly:
/// a required field must be present and non-null, a field with a default may be missing but not null, an
/// Optional field may be missing or null; JSON types must match exactly (no "5" for an int), literals are literal.
/// Unknown fields are allowed, as pydantic ignores them.
/// </summary>
public static class OriginalModels
{
    public enum Presence { Required, Defaulted, Optional }

    public abstract record Spec;
    public sealed record Str : Spec;
    public sealed record Int : Spec;
    public sealed record Bool : Spec;
    public sealed record Num : Spec;
    public sealed record Url : Spec;
    public sealed record Literal(params string[] Values) : Spec;
    public sealed record ListOf(Spec Item) : Spec;
    public sealed record Model(string Name, params Field[] Fields) : Spec;
    public sealed record Field(string Name, Spec Type, Presence Presence);

    private static Field Req(string name, Spec type) => new(name, type, Presence.Required);
    private static Field Def(string name, Spec type) => new(name, type, Presence.Defaulted);
    private static Field Opt(string name, Spec type) => new(name, type, Presence.Optional);

    public static readonly Model ProxyData = new("ProxyData",
        Def("type", new Literal("http", "https", "socks5")), Req("host", new Str()), Req("port", new Int()),
        Opt("user", new Str()), Opt("pass", new Str()));

    public static readonly Model AccountDetails = new("AccountDetails",
        Req("username", new Str()), Req("password", new Str()), Opt("tfa_secret", new Str()), Opt("email_username", new Str()),
        Opt("email_password", new Str()), Opt("dolphin_profile_id", new Str()), Opt("phone", new Str()), Opt("proxy", ProxyData));

    public static readonly Model AccountTask = new("AccountTask", Req("account_task_id", new Int()), Req("account", AccountDetails));

    public static readonly Model BulkVideo = new("BulkVideo",
        Req("id", new Int()), Def("order", new Int()), Opt("title", new Str()), Opt("location", new Str()),
        Opt("mentions", new Str()), Opt("url", new Url()));

    public static readonly Model BulkTaskAggregate = new("BulkTaskAggregate",
        Req("id", new Int()), Opt("default_location", new Str()), Opt("default_mentions", new Str()),
        Req("accounts", new ListOf(AccountTask)), Req("videos", new ListOf(BulkVideo)));

    public static readonly Model BulkLoginAggregate = new("BulkLoginAggregate", Req("id", new Int()), Req("accounts", new ListOf(AccountTask)));

    public static readonly Model WarmupActions = new("WarmupActions",
        Def("feed_scroll_min_count", new Int()), Def("feed_scroll_max_count", new Int()), Def("like_min_count", new Int()),
        Def("like_max_count", new Int()), Def("view_stories_min_count", new Int()), Def("view_stories_max_count", new Int()),
        Def("follow_min_count", new Int()), Def("follow_max_count", new Int()));

    public static readonly Model WarmupAggregate = new("WarmupAggregate",
        Req("id", new Int()), Req("actions", WarmupActions), Req("accounts", new ListOf(AccountTask)));

    public static readonly Model ImageItem = new("ImageItem", Req("id", new Int()), Def("order", new Int()), Opt("url", new Url()));

    public static readonly Model AvatarAggregate = new("AvatarAggregate",
        Req("id", new Int()), Def("strategy", new Literal("random_reuse", "one_to_one")), Req("accounts", new ListOf(AccountTask)),
        Req("images", new ListOf(ImageItem)));

    public static readonly Model BioAggregate = new("BioAggregate",
        Req("id", new Int()), Req("link_url", new Url()), Req("accounts", new ListOf(AccountTask)));

    public static readonly Model FollowAggregate = new("FollowAggregate",
        Req("id", new Int()), Req("accounts", new ListOf(AccountTask)),
        Req("targets", new ListOf(new Model("FollowTarget", Req("username", new Str())))),
        Req("options", new Model("FollowOptions", Def("follow_min_count", new Int()), Def("follow_max_count", new Int()))));

    public static readonly Model ProxyDiagnosticsAggregate = new("ProxyDiagnosticsAggregate",
        Req("id", new Int()), Req("accounts", new ListOf(AccountTask)));

    public static readonly Model MediaUniqAggregate = new("MediaUniqAggregate",
        Req("id", new Int()), Req("videos", new ListOf(new Model("MediaUniqVideo", Req("id", new Int()), Opt("url", new Url())))));

    public static readonly Model CookieRobotAggregate = new("CookieRobotAggregate",
        Req("id", new Int()), Req("accounts", new ListOf(AccountTask)),
        Req("config", new Model("CookieRobotUrls", Req("urls", new ListOf(new Str())), Def("headless", new Bool()), Def("imageless", new Bool()))));

    public static readonly Model StartResponse = new("StartResponse", Req("job_id", new Str()), Req("accepted", new Bool()));

    public static readonly string[] JobStatusWords = ["PENDING", "RUNNING", "COMPLETED", "FAILED"];

    public static readonly Model JobStatus = new("JobStatus",
        Req("job_id", new Str()), Opt("task_id", new Int()), Req("status", new Literal(JobStatusWords)),
        Def("successful_accounts", new Int()), Def("failed_accounts", new Int()), Def("total_uploaded", new Int()),
        Def("total_failed_uploads", new Int()), Opt("message", new Str()));

    // What the original Web's views read from a worker's monitoring answers (dashboard/views.py health_poll,
    // monitoring_views.py): plain dicts there, so only the keys it reads are required.
    public static readonly Model Health = new("health", Req("ok", new Bool()));

    public static readonly Model SimpleHealth = new("health/simple", Req("ok", new Bool()), Req("status", new Str()));

    public static readonly Model ResourceUsage = new("resource_usage", Req("memory_mb", new Num()), Req("cpu_percent", new Num()));

    public static readonly Model Metrics = new("metrics",
        Req("resource_usage", ResourceUsage), Req("counters", new Model("counters")),
        Req("service_status", new Model("service_status", Req("shutdown_requested", new Bool()), Req("active_tasks_count", new Int()),
            Req("active_task_ids", new ListOf(new Str())))));

    public static readonly Model Locks = new("locks", Req("active_locks", new ListOf(new Str())), Req("count", new Int()));

    public static readonly Model Status = new("status",
        Req("service", new Str()), Req("status", new Str()), Req("active_tasks", new Int()), Req("resource_usage", ResourceUsage),
        Req("configuration", new Model("configuration", Req("worker_name", new Str()), Req("worker_capacity", new Int()))));

    /// <summary>Every aggregate route's model, by our task kind.</summary>
    public static readonly IReadOnlyDictionary<string, Model> AggregateByKind = new Dictionary<string, Model>
    {
        ["bulk_upload"] = BulkTaskAggregate,
        ["bulk_login"] = BulkLoginAggregate,
        ["warmup"] = WarmupAggregate,
        ["avatar"] = AvatarAggregate,
        ["bio"] = BioAggregate,
        ["follow"] = FollowAggregate,
        ["proxy_diag"] = ProxyDiagnosticsAggregate,
        ["media_uniq"] = MediaUniqAggregate,
        ["cookie_robot"] = CookieRobotAggregate,
    };

    /// <summary>Every way <paramref name="json"/> fails <paramref name="spec"/>, as "path: reason"; empty when it validates.</summary>
    public static List<string> Validate(Spec spec, JsonElement json, string path = "$")
    {
        var errors = new List<string>();
        Check(spec, json, path, errors);
        return errors;
    }

    private static void Check(Spec spec, JsonElement json, string path, List<string> errors)
    {
        switch (spec)
        {
            case Str when json.ValueKind != JsonValueKind.String:
            case Bool when json.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
                errors.Add($"{path}: expected {spec.GetType().Name.ToLowerInvariant()}, got {json.ValueKind}");
                break;
            case Num when json.ValueKind != JsonValueKind.Number:
                errors.Add($"{path}: expected a number, got {json.ValueKind}");
                break;
            case Int when json.ValueKind != JsonValueKind.Number || !json.TryGetInt64(out _):
                errors.Add($"{path}: expected an integer, got {json.ValueKind} {json.GetRawText()}");
                break;
            case Url when json.ValueKind != JsonValueKind.String
                          || !Uri.TryCreate(json.GetString(), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"):
                errors.Add($"{path}: expected an absolute http(s) URL, got {json.GetRawText()}");
                break;
            case Literal l when json.ValueKind != JsonValueKind.String || !l.Values.Contains(json.GetString()):
                errors.Add($"{path}: expected one of {string.Join("|", l.Values)}, got {json.GetRawText()}");
                break;
            case ListOf when json.ValueKind != JsonValueKind.Array:
                errors.Add($"{path}: expected a list, got {json.ValueKind}");
                break;
            case ListOf list:
                var i = 0;
                foreach (var item in json.EnumerateArray())
                {
                    Check(list.Item, item, $"{path}[{i++}]", errors);
                }

                break;
            case Model m when json.ValueKind != JsonValueKind.Object:
                errors.Add($"{path}: expected a {m.Name} object, got {json.ValueKind}");
                break;
            case Model m:
                foreach (var field in m.Fields)
                {
                    var present = json.TryGetProperty(field.Name, out var value);
                    var isNull = present && value.ValueKind == JsonValueKind.Null;
                    if (!present && field.Presence == Presence.Required)
                    {
                        errors.Add($"{path}.{field.Name}: required by {m.Name}, missing");
                    }
                    else if (isNull && field.Presence != Presence.Optional)
                    {
                        errors.Add($"{path}.{field.Name}: {m.Name} does not allow null");
                    }
                    else if (present && !isNull)
                    {
                        Check(field.Type, value, $"{path}.{field.Name}", errors);
                    }
                }

                break;
        }
    }
}
