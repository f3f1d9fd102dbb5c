using InstaUploader.Web.Features.Pacing;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Every statement of the queue, by name, in one place (as River keeps its queue's statements in one .sql file): claim,
/// renew, release, complete, rescue, roll-up, log append and read, status reports, pacing deferral and retention. Only
/// <see cref="WorkItems"/> runs them; the item states and transitions they implement are drawn at the top of
/// WorkItems.cs. Status words come from the contracts' constants (<see cref="ItemStatuses"/>, <see cref="TaskStatuses"/>),
/// never literals, and the database refuses any other word (CHECK constraints, migration QueueStateChecks).
/// Parameters are <c>@name</c>; each statement says what it binds.
/// </summary>
internal static class QueueSql
{
    // Status words as SQL literals.
    private const string Pending = $"'{ItemStatuses.Pending}'";
    private const string Queued = $"'{ItemStatuses.Queued}'";
    private const string InProgress = $"'{ItemStatuses.InProgress}'";
    private const string Done = $"'{ItemStatuses.Done}'";
    private const string Failed = $"'{ItemStatuses.Failed}'";
    private const string TaskRunning = $"'{TaskStatuses.Running}'";
    private const string TaskCompleted = $"'{TaskStatuses.Completed}'";
    private const string TaskFailed = $"'{TaskStatuses.Failed}'";

    // ---- claim (docs/protocol.md#claim) ----

    // Runnable items of task_items c in claim order, locked: queued and due, of the asked kind (@kind) and task (@task),
    // and of an account that runs nothing else (the partial unique index allows one in-progress item per account) and
    // that pacing lets work.
    private const string RunnableInClaimOrder = $"""

            WHERE c.status = {Queued} AND c.run_after <= now()
              AND (@kind::text IS NULL OR c.kind = @kind)
              AND (@task::int IS NULL OR c.task_id = @task)
              AND (c.account_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM task_items h WHERE h.account_id = c.account_id AND h.status = {InProgress}))
        """ + HeldBackByPacing + """
            ORDER BY c.priority DESC, c.run_after, c.id
            FOR UPDATE SKIP LOCKED

        """;

    // Pacing holds an item back when its account is quarantined (waits for a person; only a login task may run),
    // resting (its or its proxy's cool-down) or has used up its cap of the item's action: one primary-key lookup of the
    // candidate's account (and its proxy) and of one pause row.
    private const string HeldBackByPacing = $"""

              AND (c.account_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM accounts pa LEFT JOIN proxies pp ON pp.id = pa.proxy_id
                    WHERE pa.id = c.account_id
                      AND ((pa.health IN ('{AccountHealth.Challenged}', '{AccountHealth.LoggedOut}', '{AccountHealth.Disabled}') AND c.kind <> '{TaskKinds.BulkLogin}')
                           OR pa.cooling_until > now() OR pp.cooling_until > now()
                           OR EXISTS (SELECT 1 FROM account_pauses ps
                                      WHERE ps.account_id = pa.id AND ps.action = {PacingActions.ForCandidateSql} AND ps.until > now()))))

        """;

    // The claimed row under its new lease (@owner, @lease seconds, @trace).
    private const string ClaimSet = $"""
        SET status = {InProgress}, lease_owner = @owner, worker_id = @owner, trace_id = @trace, lease_expires_at = now() + make_interval(secs => @lease),
            attempts = i.attempts + 1, started_at = COALESCE(i.started_at, now()), updated_at = now()
        """;

    private const string ClaimedColumns = """
        RETURNING i.id, i.task_id, i.kind, i.position, i.status, i.attempts, i.max_attempts, i.lease_owner,
                  i.lease_expires_at, i.created_at, i.started_at, i.account_id, i.proxy_id, i.media_id
        """;

    /// <summary>What a claim selects from its <c>claimed</c> CTE (the updated item row) and the joins; read by <see cref="ClaimedItemRow.Read"/>.</summary>
    private const string ClaimedItemRowSelect = """
        SELECT c.id, c.task_id, c.kind, c.position, c.status, c.attempts, c.max_attempts, c.lease_owner, c.lease_expires_at,
               c.created_at, c.started_at, c.account_id, c.proxy_id, c.media_id,
               t.kind AS task_kind, t.options::text AS task_options,
               a.id AS a_id, a.username AS a_username, a.password AS a_password, a.two_factor_secret AS a_two_factor_secret,
               a.email_login AS a_email_login, a.email_password AS a_email_password, a.dolphin_profile_id AS a_dolphin_profile_id,
               a.session_settings AS a_session_settings, a.cookies AS a_cookies,
               ap.id AS ap_id, ap.scheme AS ap_scheme, ap.host AS ap_host, ap.port AS ap_port, ap.username AS ap_username, ap.password AS ap_password,
               ip.id AS ip_id, ip.scheme AS ip_scheme, ip.host AS ip_host, ip.port AS ip_port, ip.username AS ip_username, ip.password AS ip_password,
               m.id AS m_id, m.kind AS m_kind, m.file_name AS m_file_name, m.sha256 AS m_sha256, m.size_bytes AS m_size_bytes
        FROM claimed c
        JOIN tasks t ON t.id = c.task_id
        LEFT JOIN accounts a ON a.id = c.account_id
        LEFT JOIN proxies ap ON ap.id = a.proxy_id
        LEFT JOIN proxies ip ON ip.id = c.proxy_id
        LEFT JOIN media m ON m.id = c.media_id
        """;

    /// <summary>
    /// queued → in_progress: the best runnable item and everything the worker needs, in one round trip (the updated row
    /// feeds the joins). Binds @owner, @lease, @trace, @kind, @task.
    /// </summary>
    public const string ClaimOne = "WITH claimed AS (\nUPDATE task_items AS i\n" + ClaimSet + "\n" + """
        WHERE i.id = (
            SELECT c.id FROM task_items c
        """ + RunnableInClaimOrder + """
            LIMIT 1)
        """ + "\n" + ClaimedColumns + ")\n" + ClaimedItemRowSelect;

    /// <summary>
    /// queued → in_progress for up to @limit items in one statement, in claim order. Candidates are locked in claim
    /// order; of several candidates of one account only the first is taken, since the partial unique index allows one
    /// in-progress item per account. Binds @owner, @lease, @trace, @kind, @task, @limit.
    /// </summary>
    public const string ClaimMany = """
        WITH candidates AS (
            SELECT c.id, c.account_id, c.priority, c.run_after FROM task_items c
        """ + RunnableInClaimOrder + """
            LIMIT @limit),
        picked AS (
            SELECT id FROM (
                SELECT id, priority, run_after,
                       row_number() OVER (PARTITION BY COALESCE(account_id, -id) ORDER BY priority DESC, run_after, id) AS nth
                FROM candidates) x
            WHERE nth = 1),
        claimed AS (
            UPDATE task_items AS i
        """ + "\n" + ClaimSet + "\n" + """
            FROM picked p WHERE i.id = p.id
        """ + "\n" + ClaimedColumns + ", i.priority, i.run_after)\n" + ClaimedItemRowSelect + "\nORDER BY c.priority DESC, c.run_after, c.id";

    // ---- leases (docs/protocol.md#leases) ----

    // An item still held under its owner's (@owner) lease, for statements that find it by primary key. The status is
    // compared as an expression on purpose: written plainly, "status = 'in_progress'" lets the planner walk the partial
    // index of in-progress items (a page or two when last analysed) and filter every leased item by id, so each
    // completion cost as much as the items in flight (bench at agency scale: the completion statement took 3.7x the time).
    private const string Held = $"(status || '') = {InProgress} AND lease_owner = @owner";

    /// <summary>Renews the leases of those of @ids that @owner holds to now + @lease seconds.</summary>
    public const string RenewLeases = $"""
        UPDATE task_items SET lease_expires_at = now() + make_interval(secs => @lease), updated_at = now()
        WHERE id = ANY(@ids) AND {Held}
        RETURNING id, lease_expires_at
        """;

    /// <summary>in_progress → queued, untried (a worker shutting down): claimable at once, the attempt not counted. Binds @id, @owner.</summary>
    public const string Release = $"""
        UPDATE task_items SET status = {Queued}, attempts = GREATEST(attempts - 1, 0), lease_owner = NULL,
            lease_expires_at = NULL, run_after = now(), updated_at = now()
        WHERE id = @id AND {Held}
        """;

    // ---- finish (docs/protocol.md#finish) ----

    // Retry backoff in seconds: @retry_base × 2^(attempts-1), capped at @retry_max, ±50% jitter (completion and rescue share it).
    private const string BackoffSeconds =
        "LEAST(@retry_max, @retry_base * power(2, GREATEST(attempts - 1, 0))) * (0.5 + random())";

    // in_progress → done; a retryable failure (@retryable) back to queued with backoff (at least what the worker asked
    // for, @retry_after) while attempts remain; otherwise failed.
    private const string CompleteUpdate = $"""
        UPDATE task_items SET
            status = CASE WHEN @done THEN {Done} WHEN @retryable AND attempts < max_attempts THEN {Queued} ELSE {Failed} END,
            last_error = CASE WHEN @done THEN NULL WHEN @retryable AND attempts < max_attempts THEN @error ELSE COALESCE(@error, {Failed}) END,
            finished_at = CASE WHEN @retryable AND attempts < max_attempts THEN finished_at ELSE COALESCE(@finished, @now) END,
            run_after = CASE WHEN @retryable AND attempts < max_attempts
                THEN @now + make_interval(secs => GREATEST({BackoffSeconds}, @retry_after))
                ELSE run_after END,
            result = COALESCE(@result, result),
            permanent_failure = NOT @done AND NOT @retryable,
            attempt_errors = CASE WHEN @done THEN attempt_errors ELSE attempt_errors || (attempts::text || ': ' || COALESCE(@error, {Failed})) END,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
        WHERE id = @id AND {Held}
        RETURNING id, task_id, status, attempts, finished_at, run_after, account_id, kind
        """;

    // The worker's last words (@line) become the item's last log line, in the same statement.
    private const string CompleteLogLine = """
        line AS (
            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT id, task_id, @line, @now FROM item WHERE @line IS NOT NULL)
        """;

    /// <summary>
    /// Finishes an item held by @owner. Binds @id, @owner, @done, @retryable, @error, @result, @line, @finished, @now,
    /// @retry_base, @retry_max, @retry_after.
    /// </summary>
    public const string Complete = "WITH item AS (" + CompleteUpdate + "),\n" + CompleteLogLine + """

        SELECT id, task_id, status, attempts, finished_at, run_after, account_id, kind FROM item
        """;

    /// <summary>
    /// <see cref="Complete"/> for a failure that showed the account's state (a wrong password: login_required): it is set
    /// on the account (@account_status) with the error and its time, in the same statement, so the accounts page and the
    /// dashboard count it at once.
    /// </summary>
    public const string CompleteSettingAccount = "WITH item AS (" + CompleteUpdate + "),\n" + CompleteLogLine + """
        ,
        account AS (
            UPDATE accounts SET status = @account_status, last_error = @error, last_error_at = @now, updated_at = @now
            FROM item WHERE accounts.id = item.account_id)
        SELECT id, task_id, status, attempts, finished_at, run_after, account_id, kind FROM item
        """;

    /// <summary>Whether item @id exists (a refused completion: not found, or not the caller's).</summary>
    public const string ItemExists = "SELECT EXISTS (SELECT 1 FROM task_items WHERE id = @id)";

    /// <summary>Which of @ids exist.</summary>
    public const string ItemsExisting = "SELECT id FROM task_items WHERE id = ANY(@ids)";

    // ---- rescue (docs/protocol.md#rescue) ----

    /// <summary>
    /// in_progress with an expired lease → queued with backoff, or failed once attempts are spent. Binds @retry_base, @retry_max.
    /// </summary>
    public const string RescueExpired = $"""
        UPDATE task_items SET
            status = CASE WHEN attempts >= max_attempts THEN {Failed} ELSE {Queued} END,
            last_error = 'lease expired: worker ' || COALESCE(lease_owner, '?') || ' stopped reporting',
            attempt_errors = attempt_errors || (attempts::text || ': lease expired: worker ' || COALESCE(lease_owner, '?') || ' stopped reporting'),
            finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
            run_after = now() + make_interval(secs => {BackoffSeconds}),
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE status = {InProgress} AND lease_expires_at < now()
        RETURNING task_id, status
        """;

    /// <summary>
    /// in_progress under @owner's lease → queued at once, or failed once attempts are spent: the predecessor's process is
    /// gone (restarted, or silent and unreachable: @why), so its items are runnable now (no backoff: the item did nothing
    /// wrong); the attempt it used stays counted, so an item that kills its worker every time still ends failed.
    /// </summary>
    public const string RescueOrphans = $"""
        UPDATE task_items SET
            status = CASE WHEN attempts >= max_attempts THEN {Failed} ELSE {Queued} END,
            last_error = 'lease ended: worker ' || lease_owner || ' ' || @why,
            attempt_errors = attempt_errors || (attempts::text || ': lease ended: worker ' || lease_owner || ' ' || @why),
            finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
            run_after = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE (status || '') = {InProgress} AND lease_owner = @owner
        RETURNING task_id, status
        """;

    // ---- task roll-up (docs/protocol.md#task-roll-up) ----
    // A running task is finished once none of its items can still run: completed if any item is done, else failed.
    // Every roll-up first takes a per-task transaction lock, then decides in a fresh statement (a fresh snapshot):
    // whoever finishes an item either commits before the next roll-up takes the lock or rolls up after it, so the last
    // roll-up of a task always sees every finished item, even when the item update and the roll-up share one
    // transaction (a completion sends item update, lock and roll-up in one round trip).

    // Two-key advisory locks live apart from the one-key locks the migrators and the scraper take.
    private const string RollupLockClass = "1413567307"; // 0x5441534B, "TASK"

    private const string RollupSet = $"""
        UPDATE tasks t SET
            status = CASE WHEN EXISTS (SELECT 1 FROM task_items d WHERE d.task_id = t.id AND d.status = {Done}) THEN {TaskCompleted} ELSE {TaskFailed} END,
            finished_at = now()
        """;

    private const string RollupReady = $"""
          AND t.status = {TaskRunning}
          AND NOT EXISTS (SELECT 1 FROM task_items i WHERE i.task_id = t.id AND i.status IN ({Pending}, {Queued}, {InProgress}))
        """;

    /// <summary>Rolls task @task up (its items' changes committed): lock, then roll-up.</summary>
    public const string RollUpTask =
        "SELECT pg_advisory_xact_lock(" + RollupLockClass + ", @task);\n" + RollupSet + "\nWHERE t.id = @task\n" + RollupReady;

    // The task of item @id once it is finished (in the completion's own round trip).
    private const string FinishedItemTask = $"(SELECT task_id FROM task_items WHERE id = @id AND status IN ({Done}, {Failed}))";

    /// <summary>Locks the roll-up of item @id's task, when the completion before it finished the item.</summary>
    public const string LockFinishedItemTask =
        "SELECT pg_advisory_xact_lock(" + RollupLockClass + ", s.task_id) FROM (SELECT " + FinishedItemTask + " AS task_id) s WHERE s.task_id IS NOT NULL";

    /// <summary>Rolls item @id's task up, when the completion before it finished the item.</summary>
    public const string RollUpFinishedItemTask = RollupSet + "\nWHERE t.id = " + FinishedItemTask + "\n" + RollupReady;

    // The tasks of those of items @ids that are finished.
    private const string FinishedItemsTasks = $"SELECT task_id FROM task_items WHERE id = ANY(@ids) AND status IN ({Done}, {Failed})";

    /// <summary>Locks the roll-ups of the tasks of items @ids the completions before it finished, in task id order.</summary>
    public const string LockFinishedItemsTasks =
        "SELECT pg_advisory_xact_lock(" + RollupLockClass + ", s.task_id) FROM (SELECT DISTINCT task_id FROM (" + FinishedItemsTasks
        + ") q WHERE task_id IS NOT NULL ORDER BY task_id) s";

    /// <summary>Rolls up the tasks of items @ids the completions before it finished.</summary>
    public const string RollUpFinishedItemsTasks = RollupSet + "\nWHERE t.id = ANY(ARRAY(" + FinishedItemsTasks + "))\n" + RollupReady;

    // ---- logs and counters (docs/protocol.md#logs) ----

    /// <summary>
    /// Stores lines (@items, @messages: one item_logs row each, at @now) and adds counts (@c_items, @c_success, …) to
    /// their items in place, in one statement; an Idempotency-Key (@key) is recorded by the same statement, so a retried
    /// request applies once and a failed one records nothing. Lines and counts of unknown items are skipped. One row:
    /// duplicate, lines stored, the first one's id, the known items, their first task.
    /// </summary>
    public const string AppendLogs = """
        WITH fresh AS (
            INSERT INTO processed_requests (key, at) SELECT @key, @now WHERE @key IS NOT NULL
            ON CONFLICT (key) DO NOTHING RETURNING 1),
        go AS (SELECT @key IS NULL OR EXISTS (SELECT 1 FROM fresh) AS ok),
        known AS (SELECT id, task_id FROM task_items WHERE id = ANY(@items || @c_items)),
        input AS (
            SELECT l.item_id, l.message, l.ord
            FROM unnest(@items, @messages) WITH ORDINALITY AS l(item_id, message, ord)
            WHERE (SELECT ok FROM go)),
        counted AS (
            UPDATE task_items t SET
                success = t.success + c.success, failed = t.failed + c.failed, likes = t.likes + c.likes,
                follows = t.follows + c.follows, viewed = t.viewed + c.viewed, updated_at = @now
            FROM (SELECT item_id, sum(success)::int AS success, sum(failed)::int AS failed, sum(likes)::int AS likes,
                         sum(follows)::int AS follows, sum(viewed)::int AS viewed
                  FROM unnest(@c_items, @c_success, @c_failed, @c_likes, @c_follows, @c_viewed) AS c(item_id, success, failed, likes, follows, viewed)
                  WHERE (SELECT ok FROM go)
                  GROUP BY item_id) c
            WHERE t.id = c.item_id
            RETURNING t.id),
        inserted AS (
            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT i.item_id, k.task_id, i.message, @now FROM input i JOIN known k ON k.id = i.item_id ORDER BY i.ord
            RETURNING id)
        SELECT NOT (SELECT ok FROM go),
               (SELECT count(*) FROM inserted)::int,
               (SELECT min(id) FROM inserted),
               (SELECT array_agg(id) FROM known),
               (SELECT min(task_id) FROM known)
        """;

    /// <summary>Every log line of task @task's items, in the order they were stored (item_logs is the one store of item logs).</summary>
    public const string TaskItemLines = "SELECT item_id, message, at FROM item_logs WHERE task_id = @task ORDER BY id";

    // ---- the original workers' status routes (docs/protocol.md#status-routes) ----

    /// <summary>
    /// An item of @kind set to @status (null: unchanged; @terminal ends its lease) with an optional log line (@line), in
    /// one statement. Binds @id, @kind, @status, @terminal, @line, @now.
    /// </summary>
    public const string ReportItemStatus = $"""
        WITH item AS (
            UPDATE task_items SET
                status = COALESCE(@status, status),
                finished_at = CASE WHEN @terminal THEN @now ELSE finished_at END,
                lease_owner = CASE WHEN @terminal THEN NULL ELSE lease_owner END,
                lease_expires_at = CASE WHEN @terminal THEN NULL ELSE lease_expires_at END,
                started_at = CASE WHEN @status = {InProgress} THEN COALESCE(started_at, @now) ELSE started_at END,
                updated_at = @now
            WHERE id = @id AND kind = @kind
            RETURNING id, status, task_id),
        line AS (
            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT id, task_id, @line, @now FROM item WHERE @line IS NOT NULL)
        SELECT id, status, task_id FROM item
        """;

    // The task log with @log added as it is (the original Web appends it too).
    private static readonly string TaskLogWithText = $"(CASE WHEN @log IS NULL THEN log ELSE {LogText.AppendSql("log", "@log")} END)";

    /// <summary>
    /// A task of @kind set to @status (null: unchanged) with text added to its log as it is (@log) and a timestamped
    /// line (@line). Binds @id, @kind, @status, @terminal, @log, @line, @now.
    /// </summary>
    public static readonly string ReportTaskStatus = $"""
        UPDATE tasks SET
            status = COALESCE(@status, status),
            started_at = CASE WHEN @status = {TaskRunning} THEN COALESCE(started_at, @now) ELSE started_at END,
            finished_at = CASE WHEN @status IS NULL THEN finished_at WHEN @terminal THEN @now ELSE NULL END,
            log = CASE WHEN @line IS NULL THEN {TaskLogWithText} ELSE {LogText.AppendSql(TaskLogWithText, "@line")} END
        WHERE id = @id AND kind = @kind
        RETURNING id::bigint AS id, status, id AS task_id
        """;

    // ---- pacing (docs/protocol.md#claim; Features/Pacing) ----

    /// <summary>Moves the due time of account @account's queued items (of action @action, or all) to @until.</summary>
    public static readonly string DeferAccount = $"""
        UPDATE task_items SET run_after = @until, updated_at = now()
        WHERE account_id = @account AND status = {Queued} AND run_after < @until
          AND (@action::text IS NULL OR {PacingActions.ForKindSql("kind")} = @action)
        """;

    // ---- retention (Features/Upkeep/RetentionJob) ----

    /// <summary>Up to @batch log lines stored before @before.</summary>
    public const string ForgetLinesBefore = "DELETE FROM item_logs WHERE id IN (SELECT id FROM item_logs WHERE at < @before LIMIT @batch)";

    /// <summary>Up to @batch log lines of finished task @task.</summary>
    public const string ForgetTaskLines = "DELETE FROM item_logs WHERE id IN (SELECT id FROM item_logs WHERE task_id = @task LIMIT @batch)";

    /// <summary>Up to @batch items of finished task @task.</summary>
    public const string ForgetTaskItems = "DELETE FROM task_items WHERE id IN (SELECT id FROM task_items WHERE task_id = @task LIMIT @batch)";
}
