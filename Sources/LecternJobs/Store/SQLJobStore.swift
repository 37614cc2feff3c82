import Foundation

/// What a database must do for `SQLJobStore`: run one statement with its parameters and return its rows, and say
/// when work may have arrived.
protocol SQLExecutor: Sendable {
    /// The SQL dialect the statements are written in.
    var dialect: JobSQL.Dialect { get }
    /// Runs one statement (atomic on its own) and returns its rows.
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Tells other workers that a job can be claimed.
    func announceWork() async
    /// Returns when another worker announced work, or after `timeout`.
    func waitForWork(timeout: Duration) async
    /// Closes the connection.
    func close() async throws
}

/// The job store over any `SQLExecutor`: the queue's logic is its SQL (`JobSQL`), the same for SQLite and PostgreSQL.
struct SQLJobStore<Executor: SQLExecutor>: JobStore {
    let executor: Executor
    let sql: JobSQL

    init(executor: Executor) {
        self.executor = executor
        self.sql = JobSQL(dialect: executor.dialect)
    }

    func migrate() async throws {
        switch sql.dialect {
        case .sqlite:
            for statement in sql.schema { _ = try await executor.execute(statement, []) }
        case .postgres:
            // One statement under an advisory lock: origins starting together must not race to create the tables.
            let body = sql.schema.map { $0 + ";" }.joined(separator: "\n")
            _ = try await executor.execute("DO $body$ BEGIN PERFORM pg_advisory_xact_lock(7345216); \(body) END $body$", [])
        }
    }

    func now() async throws -> Date {
        guard let seconds = try await executor.execute(sql.now, []).first?["now"]?.double else {
            throw JobStoreError(.database, "the database did not say what time it is")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    func insert(_ submission: JobSubmission, id: String) async throws -> (job: Job, created: Bool) {
        let spec = String(decoding: try JSONEncoder.sorted.encode(submission.spec), as: UTF8.self)
        let binds: [SQLValue] = [.text(id), .text(submission.key), .text(submission.owner), .text(spec), .integer(submission.maxAttempts)]
        // Two tries: a job holding the key may end (fail, be cancelled) between the refused insert and the lookup.
        for _ in 0..<2 {
            if let row = try await executor.execute(sql.insert, binds).first {
                await executor.announceWork()
                return (try Job(row: row), true)
            }
            if let row = try await executor.execute(sql.liveByKey, [.text(submission.key)]).first { return (try Job(row: row), false) }
        }
        throw JobStoreError(.database, "job \(submission.key) could be neither added nor found")
    }

    func claim(worker: String, leaseSeconds: Double) async throws -> Claim? {
        guard let row = try await executor.execute(sql.claim, [.text(worker), .real(leaseSeconds)]).first else { return nil }
        let job = try Job(row: row)
        guard let lease = job.leaseExpiresAt else { throw JobStoreError(.database, "claimed job \(job.id) has no lease") }
        return Claim(job: job, attempt: Attempt(job: job.id, number: job.attempt), leaseExpiresAt: lease)
    }

    func renew(_ attempt: Attempt, progress: Double?, leaseSeconds: Double) async throws -> Date {
        let binds: [SQLValue] = [.text(attempt.job), .integer(attempt.number), .real(leaseSeconds), progress.map { .real($0) } ?? .null]
        if let expiry = try await executor.execute(sql.renew, binds).first?["lease_expires_at"]?.double {
            return Date(timeIntervalSince1970: expiry)
        }
        throw try await refusal(attempt)
    }

    func finish(_ attempt: Attempt, _ outcome: AttemptOutcome) async throws -> Job {
        let (statement, extra) = sql.finish(outcome)
        guard let row = try await executor.execute(statement, [.text(attempt.job), .integer(attempt.number)] + extra).first else {
            throw try await refusal(attempt)
        }
        let job = try Job(row: row)
        if job.state == .queued { await executor.announceWork() }
        return job
    }

    /// Why a change from `attempt` was refused.
    private func refusal(_ attempt: Attempt) async throws -> JobStoreError {
        guard let job = try await job(id: attempt.job) else { return JobStoreError(.notFound, "job \(attempt.job) does not exist") }
        if job.state == .cancelled { return JobStoreError(.cancelled, "job \(job.id) was cancelled") }
        if job.attempt == attempt.number, job.state == .running {
            return JobStoreError(.superseded, "job \(job.id) attempt \(attempt.number) still holds its lease")
        }
        return JobStoreError(
            .superseded,
            "job \(job.id) attempt \(attempt.number) no longer holds the job (now attempt \(job.attempt), \(job.state.rawValue))"
        )
    }

    func expiredAttempts(limit: Int) async throws -> [Attempt] {
        try await executor.execute(sql.expired, [.integer(limit)]).compactMap { row in
            guard let id = row["id"]?.string, let number = row["attempt"]?.int else { return nil }
            return Attempt(job: id, number: number)
        }
    }

    func job(id: String) async throws -> Job? {
        try await executor.execute(sql.byID, [.text(id)]).first.map(Job.init(row:))
    }

    func jobs(owner: String?, states: Set<JobState>?, limit: Int) async throws -> [Job] {
        let binds: [SQLValue] = [.integer(limit)] + (owner.map { [.text($0)] } ?? [])
        return try await executor.execute(sql.list(owner: owner != nil, states: states), binds).map(Job.init(row:))
    }

    func cancel(id: String) async throws -> Job? {
        if let row = try await executor.execute(sql.cancel, [.text(id)]).first { return try Job(row: row) }
        return try await job(id: id)
    }

    func counts() async throws -> [JobState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
        for row in try await executor.execute(sql.counts, []) {
            if let state = row["state"]?.string.flatMap(JobState.init(rawValue:)) { counts[state] = row["n"]?.int ?? 0 }
        }
        return counts
    }

    func waitForWork(timeout: Duration) async { await executor.waitForWork(timeout: timeout) }

    func insertToken(_ record: TokenRecord) async throws {
        let binds: [SQLValue] = [
            .text(record.id), .text(record.name), .text(record.role.rawValue), .text(record.secretHash),
            .real(record.createdAt.timeIntervalSince1970),
        ]
        _ = try await executor.execute(sql.insertToken, binds)
    }

    func token(id: String) async throws -> TokenRecord? {
        try await executor.execute(sql.tokenByID, [.text(id)]).first.map(TokenRecord.init(row:))
    }

    func tokens() async throws -> [TokenRecord] {
        try await executor.execute(sql.allTokens, []).map(TokenRecord.init(row:))
    }

    func revokeToken(id: String) async throws -> Bool {
        try await !executor.execute(sql.revokeToken, [.text(id)]).isEmpty
    }

    func close() async throws { try await executor.close() }
}

extension JSONEncoder {
    /// Keys sorted, so the same value always encodes to the same bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
