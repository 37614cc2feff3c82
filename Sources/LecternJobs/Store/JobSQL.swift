import Foundation

/// The queue's SQL, written once for both databases: statements use `$1`-style parameters and the placeholders
/// `NOW` (the database's clock, in seconds since 1970) and `SKIP_LOCKED`, which each dialect fills in.
struct JobSQL: Sendable {
    /// The two databases and what differs between them.
    enum Dialect: Sendable {
        case sqlite, postgres

        var now: String {
            switch self {
            case .sqlite: "((julianday('now') - 2440587.5) * 86400.0)"
            case .postgres: "(extract(epoch from clock_timestamp())::float8)"
            }
        }
        var skipLocked: String { self == .postgres ? "FOR UPDATE SKIP LOCKED" : "" }
        var real: String { self == .postgres ? "DOUBLE PRECISION" : "REAL" }
        var integer: String { self == .postgres ? "BIGINT" : "INTEGER" }
    }

    let dialect: Dialect

    /// `template` with the dialect's clock, locking and parameter style.
    func sql(_ template: String) -> String {
        var text = template.replacingOccurrences(of: "NOW", with: dialect.now).replacingOccurrences(of: "SKIP_LOCKED", with: dialect.skipLocked)
        if dialect == .sqlite { text = text.replacingOccurrences(of: "$", with: "?") }
        return text
    }

    /// States in which a job holds its key: a second submission of the same work gets this job back.
    static let liveStates = "('queued', 'running', 'published')"

    var schema: [String] {
        let real = dialect.real
        let integer = dialect.integer
        return [
            """
            CREATE TABLE IF NOT EXISTS lectern_jobs (
                id TEXT PRIMARY KEY, key TEXT NOT NULL, owner TEXT NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                attempt \(integer) NOT NULL DEFAULT 0, failures \(integer) NOT NULL DEFAULT 0, max_attempts \(integer) NOT NULL,
                progress \(real) NOT NULL DEFAULT 0, worker TEXT, lecture_id TEXT, last_error TEXT,
                created_at \(real) NOT NULL, first_started_at \(real), started_at \(real), finished_at \(real),
                run_after \(real) NOT NULL, lease_expires_at \(real))
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS lectern_jobs_live_key ON lectern_jobs (key) WHERE state IN \(Self.liveStates)",
            "CREATE INDEX IF NOT EXISTS lectern_jobs_claimable ON lectern_jobs (state, run_after)",
            "CREATE INDEX IF NOT EXISTS lectern_jobs_owner ON lectern_jobs (owner, created_at)",
            """
            CREATE TABLE IF NOT EXISTS lectern_tokens (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, secret_hash TEXT NOT NULL,
                created_at \(real) NOT NULL, revoked_at \(real))
            """,
        ]
    }

    var now: String { sql("SELECT NOW AS now") }

    var insert: String {
        sql(
            """
            INSERT INTO lectern_jobs (id, key, owner, spec, state, max_attempts, created_at, run_after)
            VALUES ($1, $2, $3, $4, 'queued', $5, NOW, NOW)
            ON CONFLICT (key) WHERE state IN \(Self.liveStates) DO NOTHING RETURNING *
            """
        )
    }

    var liveByKey: String { sql("SELECT * FROM lectern_jobs WHERE key = $1 AND state IN \(Self.liveStates)") }

    /// $1 worker, $2 lease seconds.
    var claim: String {
        sql(
            """
            UPDATE lectern_jobs SET state = 'running', attempt = attempt + 1, worker = $1, progress = 0,
                started_at = NOW, first_started_at = COALESCE(first_started_at, NOW), lease_expires_at = NOW + $2
            WHERE id = (SELECT id FROM lectern_jobs WHERE state = 'queued' AND run_after <= NOW
                        ORDER BY run_after, created_at LIMIT 1 SKIP_LOCKED)
            RETURNING *
            """
        )
    }

    /// $1 job, $2 attempt, $3 lease seconds, $4 progress or null.
    var renew: String {
        sql(
            """
            UPDATE lectern_jobs SET lease_expires_at = NOW + $3, progress = COALESCE($4, progress)
            WHERE id = $1 AND attempt = $2 AND state = 'running' RETURNING lease_expires_at
            """
        )
    }

    /// The statement ending an attempt with `outcome` ($1 job, $2 attempt, then the outcome's own parameters).
    func finish(_ outcome: AttemptOutcome) -> (sql: String, binds: [SQLValue]) {
        let fence = "WHERE id = $1 AND attempt = $2 AND state = 'running'"
        let requeue = """
            failures = failures + 1, last_error = $3, lease_expires_at = NULL,
            state = CASE WHEN failures + 1 >= max_attempts THEN 'failed' ELSE 'queued' END,
            finished_at = CASE WHEN failures + 1 >= max_attempts THEN NOW ELSE NULL END, run_after = NOW + $4
            """
        switch outcome {
        case .published(let lecture):
            return (
                sql(
                    "UPDATE lectern_jobs SET state = 'published', lecture_id = $3, progress = 1, finished_at = NOW, lease_expires_at = NULL \(fence) RETURNING *"
                ), [.text(lecture)]
            )
        case .failed(let error):
            return (
                sql(
                    "UPDATE lectern_jobs SET state = 'failed', last_error = $3, failures = failures + 1, finished_at = NOW, lease_expires_at = NULL \(fence) RETURNING *"
                ), [.text(error)]
            )
        case .retry(let error, let delay):
            return (sql("UPDATE lectern_jobs SET \(requeue) \(fence) RETURNING *"), [.text(error), .real(delay)])
        case .expired(let error, let delay):
            return (sql("UPDATE lectern_jobs SET \(requeue) \(fence) AND lease_expires_at < NOW RETURNING *"), [.text(error), .real(delay)])
        case .released:
            return (
                sql("UPDATE lectern_jobs SET state = 'queued', run_after = NOW, lease_expires_at = NULL, progress = 0 \(fence) RETURNING *"), []
            )
        }
    }

    var expired: String {
        sql("SELECT id, attempt FROM lectern_jobs WHERE state = 'running' AND lease_expires_at < NOW ORDER BY lease_expires_at LIMIT $1")
    }

    var byID: String { sql("SELECT * FROM lectern_jobs WHERE id = $1") }

    /// Jobs newest first; `owner` and `states` narrow them when given.
    func list(owner: Bool, states: Set<JobState>?) -> String {
        var conditions: [String] = []
        if owner { conditions.append("owner = $2") }
        if let states {
            conditions.append("state IN (\(states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")))")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return sql("SELECT * FROM lectern_jobs \(filter) ORDER BY created_at DESC, id LIMIT $1")
    }

    var cancel: String {
        sql(
            """
            UPDATE lectern_jobs SET state = 'cancelled', finished_at = NOW, lease_expires_at = NULL
            WHERE id = $1 AND state IN ('queued', 'running') RETURNING *
            """
        )
    }

    var counts: String { sql("SELECT state, COUNT(*) AS n FROM lectern_jobs GROUP BY state") }

    var insertToken: String {
        sql("INSERT INTO lectern_tokens (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
    }
    var tokenByID: String { sql("SELECT * FROM lectern_tokens WHERE id = $1") }
    var allTokens: String { sql("SELECT * FROM lectern_tokens ORDER BY created_at, id") }
    var revokeToken: String { sql("UPDATE lectern_tokens SET revoked_at = NOW WHERE id = $1 AND revoked_at IS NULL RETURNING id") }
}
