import Foundation

extension Job {
    /// A job from a `lectern_jobs` row.
    init(row: SQLRow) throws {
        func text(_ name: String) throws -> String {
            guard let value = row[name]?.string else { throw JobStoreError(.database, "job row without \(name)") }
            return value
        }
        func date(_ name: String) -> Date? { row[name]?.double.map { Date(timeIntervalSince1970: $0) } }
        guard let state = JobState(rawValue: try text("state")) else { throw JobStoreError(.database, "job row with an unknown state") }
        let spec = try JSONDecoder().decode(JobSpec.self, from: Data(try text("spec").utf8))
        self.init(
            id: try text("id"),
            key: try text("key"),
            owner: try text("owner"),
            spec: spec,
            state: state,
            attempt: row["attempt"]?.int ?? 0,
            failures: row["failures"]?.int ?? 0,
            maxAttempts: row["max_attempts"]?.int ?? 1,
            progress: row["progress"]?.double ?? 0,
            worker: row["worker"]?.string,
            lectureID: row["lecture_id"]?.string,
            lastError: row["last_error"]?.string,
            createdAt: date("created_at") ?? Date(timeIntervalSince1970: 0),
            firstStartedAt: date("first_started_at"),
            startedAt: date("started_at"),
            finishedAt: date("finished_at"),
            runAfter: date("run_after") ?? Date(timeIntervalSince1970: 0),
            leaseExpiresAt: date("lease_expires_at")
        )
    }
}

extension TokenRecord {
    /// A token from a `lectern_tokens` row.
    init(row: SQLRow) throws {
        guard let id = row["id"]?.string, let name = row["name"]?.string, let role = row["role"]?.string.flatMap(Role.init(rawValue:)),
            let hash = row["secret_hash"]?.string, let created = row["created_at"]?.double
        else { throw JobStoreError(.database, "token row with a missing or unknown field") }
        self.init(
            id: id,
            name: name,
            role: role,
            secretHash: hash,
            createdAt: Date(timeIntervalSince1970: created),
            revokedAt: row["revoked_at"]?.double.map { Date(timeIntervalSince1970: $0) }
        )
    }
}
