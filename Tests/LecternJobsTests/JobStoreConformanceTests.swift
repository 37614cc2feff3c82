import Foundation
import LecternJobs
import Testing

/// The queue's contract, run against SQLite and PostgreSQL alike.
@Suite("Job store conformance (SQLite and PostgreSQL)")
struct JobStoreConformanceTests {
    @Test("Submitting the same work twice gives back the live job; after it failed, a new one", arguments: StoreKind.allCases)
    func deduplication(kind: StoreKind) async throws {
        try await kind.withQueue(maxAttempts: 1) { queue in
            let first = try await queue.submit(spec: spec(1), key: "k1", owner: "t1")
            #expect(first.created && first.job.state == .queued && first.job.attempt == 0)
            let again = try await queue.submit(spec: spec(1), key: "k1", owner: "t2")
            #expect(!again.created && again.job.id == first.job.id)
            let other = try await queue.submit(spec: spec(2), key: "k2", owner: "t1")
            #expect(other.created && other.job.id != first.job.id)

            let claim = try #require(try await queue.claim(worker: "w"))
            #expect(claim.job.id == first.job.id)
            let failed = try await queue.finish(claim.attempt, .permanent("talk1.mp4: not a recording"))
            #expect(failed.state == .failed && failed.lastError == "talk1.mp4: not a recording")
            let retried = try await queue.submit(spec: spec(1), key: "k1", owner: "t1")
            #expect(retried.created && retried.job.id != first.job.id)
        }
    }

    @Test("Claims take the oldest job, start a new attempt with a lease on the database clock, and run out", arguments: StoreKind.allCases)
    func claims(kind: StoreKind) async throws {
        try await kind.withQueue { queue in
            #expect(try await queue.claim(worker: "w") == nil)
            let a = try await queue.submit(spec: spec(1), key: "a", owner: "t").job
            let b = try await queue.submit(spec: spec(2), key: "b", owner: "t").job
            let first = try #require(try await queue.claim(worker: "w1"))
            #expect(first.job.id == a.id && first.attempt.number == 1 && first.job.state == .running && first.job.worker == "w1")
            // The lease runs 30 s from the claim, both read from the database's clock in the same statement.
            #expect(abs(first.leaseExpiresAt.timeIntervalSince(try #require(first.job.startedAt)) - 30) < 1)
            #expect(abs(first.leaseExpiresAt.timeIntervalSince(try await queue.store.now()) - 30) < 30)
            let second = try #require(try await queue.claim(worker: "w2"))
            #expect(second.job.id == b.id)
            let third = try await queue.claim(worker: "w3")
            // Nothing is left to claim while the first lease runs (under a loaded suite, 30 s can pass by here, and
            // then the expired job is rightly claimed again).
            if try await queue.store.now() < first.leaseExpiresAt {
                #expect(third == nil)
                let counts = try await queue.store.counts()
                #expect(counts[.running] == 2 && counts[.queued] == 0)
            }
        }
    }

    @Test("Eight workers claiming 60 jobs at once: each claimed exactly once", arguments: StoreKind.allCases)
    func concurrentClaims(kind: StoreKind) async throws {
        try await kind.withQueue { queue in
            for n in 0..<60 { _ = try await queue.submit(spec: spec(n), key: "k\(n)", owner: "t") }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        while let claim = try await queue.claim(worker: "w\(worker)") {
                            mine.append(claim.job.id)
                            _ = try await queue.finish(claim.attempt, .published("lecture-\(claim.job.id)"))
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 60)
            #expect(Set(claimed).count == 60)
            #expect(try await queue.store.counts()[.published] == 60)
        }
    }

    @Test("A lease that runs out puts the job back; the lost attempt's heartbeat and result are refused", arguments: StoreKind.allCases)
    func fencing(kind: StoreKind) async throws {
        try await kind.withQueue(leaseSeconds: 0.3) { queue in
            let job = try await queue.submit(spec: spec(1), key: "k", owner: "t").job
            let lost = try #require(try await queue.claim(worker: "lost"))
            _ = try await queue.heartbeat(lost.attempt, progress: 0.4)
            #expect(try await queue.store.job(id: job.id)?.progress == 0.4)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await queue.reap() == 1)
            let requeued = try #require(try await queue.store.job(id: job.id))
            #expect(requeued.state == .queued && requeued.failures == 1 && requeued.lastError?.contains("no heartbeat") == true)

            try await Task.sleep(for: .milliseconds(100))  // the retry's backoff (0.05 s)
            let next = try #require(try await queue.claim(worker: "next"))
            #expect(next.attempt.number == 2)
            await #expect(throws: JobStoreError.self) { _ = try await queue.heartbeat(lost.attempt, progress: 0.9) }
            await #expect(throws: JobStoreError.self) { _ = try await queue.finish(lost.attempt, .published("stale")) }
            let done = try await queue.finish(next.attempt, .published("lecture-1"))
            #expect(done.state == .published && done.lectureID == "lecture-1" && done.progress == 1)
        }
    }

    @Test("Passing failures retry after a backoff until the last attempt; a permanent one fails at once", arguments: StoreKind.allCases)
    func retries(kind: StoreKind) async throws {
        try await kind.withQueue(maxAttempts: 2) { queue in
            let job = try await queue.submit(spec: spec(1), key: "k", owner: "t").job
            let first = try #require(try await queue.claim(worker: "w"))
            let retried = try await queue.finish(first.attempt, .transient("origin unreachable"))
            #expect(retried.state == .queued && retried.failures == 1)
            // The retry waits its backoff (0.05 s here) after the failure, which came after the attempt started.
            #expect(retried.runAfter.timeIntervalSince(try #require(retried.startedAt)) >= 0.049)
            try await Task.sleep(for: .milliseconds(100))
            let second = try #require(try await queue.claim(worker: "w"))
            let failed = try await queue.finish(second.attempt, .transient("origin unreachable again"))
            #expect(failed.state == .failed && failed.failures == 2 && failed.lastError == "origin unreachable again")
            #expect(failed.finishedAt != nil)

            let other = try await queue.submit(spec: spec(2), key: "k2", owner: "t").job
            let claim = try #require(try await queue.claim(worker: "w"))
            #expect(claim.job.id == other.id)
            let permanent = try await queue.finish(claim.attempt, .permanent("talk2.mp4: not a recording"))
            #expect(permanent.state == .failed && permanent.failures == 1)
            #expect(job.id != other.id)
        }
    }

    @Test("A worker stopping hands its job back at once, without counting a failure", arguments: StoreKind.allCases)
    func handBack(kind: StoreKind) async throws {
        try await kind.withQueue(maxAttempts: 1) { queue in
            _ = try await queue.submit(spec: spec(1), key: "k", owner: "t")
            let first = try #require(try await queue.claim(worker: "stopping"))
            let back = try await queue.finish(first.attempt, .handedBack)
            #expect(back.state == .queued && back.failures == 0)
            let second = try #require(try await queue.claim(worker: "other"))
            #expect(second.attempt.number == 2)
            await #expect(throws: JobStoreError.self) { _ = try await queue.finish(first.attempt, .published("stale")) }
        }
    }

    @Test("Cancelling: a queued job is never claimed; a running one's worker learns it at its next heartbeat", arguments: StoreKind.allCases)
    func cancelling(kind: StoreKind) async throws {
        try await kind.withQueue { queue in
            let queued = try await queue.submit(spec: spec(1), key: "a", owner: "t").job
            #expect(try await queue.store.cancel(id: queued.id)?.state == .cancelled)
            #expect(try await queue.claim(worker: "w") == nil)

            _ = try await queue.submit(spec: spec(2), key: "b", owner: "t")
            let running = try #require(try await queue.claim(worker: "w"))
            #expect(try await queue.store.cancel(id: running.job.id)?.state == .cancelled)
            do {
                _ = try await queue.heartbeat(running.attempt, progress: 0.5)
                Issue.record("the heartbeat of a cancelled job was accepted")
            } catch let error as JobStoreError {
                #expect(error.code == .cancelled)
            }
            await #expect(throws: JobStoreError.self) { _ = try await queue.finish(running.attempt, .published("late")) }
            #expect(try await queue.store.cancel(id: "j-none") == nil)
            // A cancelled job no longer holds its key.
            #expect(try await queue.submit(spec: spec(2), key: "b", owner: "t").created)
        }
    }

    @Test("Listing: newest first, by owner and by state", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        try await kind.withQueue { queue in
            for n in 0..<5 { _ = try await queue.submit(spec: spec(n), key: "k\(n)", owner: n.isMultiple(of: 2) ? "even" : "odd") }
            let all = try await queue.store.jobs(owner: nil, states: nil, limit: 10)
            #expect(all.map(\.spec.title) == (0..<5).reversed().map { "Talk \($0)" })
            #expect(try await queue.store.jobs(owner: "odd", states: nil, limit: 10).map(\.spec.title) == ["Talk 3", "Talk 1"])
            _ = try await queue.claim(worker: "w")
            #expect(try await queue.store.jobs(owner: nil, states: [.running], limit: 10).map(\.spec.title) == ["Talk 0"])
            #expect(try await queue.store.jobs(owner: nil, states: nil, limit: 2).count == 2)
            let one = try #require(try await queue.store.job(id: all[0].id))
            #expect(one.spec == spec(4))
        }
    }

    @Test("A waiting worker wakes when a job arrives, not at the end of its 10-minute poll", arguments: StoreKind.allCases)
    func wakeUp(kind: StoreKind) async throws {
        try await kind.withQueue { queue in
            let clock = ContinuousClock()
            let start = clock.now
            async let waited: Void = queue.store.waitForWork(timeout: .seconds(600))
            try await Task.sleep(for: .milliseconds(300))
            _ = try await queue.submit(spec: spec(1), key: "k", owner: "t")
            await waited
            // Not a timing check: a test suite loading both cores can hold this task for a minute, never ten.
            #expect(clock.now - start < .seconds(300))
        }
    }

    @Test("Tokens: stored as a hash, found by id, revoked for good", arguments: StoreKind.allCases)
    func tokens(kind: StoreKind) async throws {
        try await kind.withQueue { queue in
            let (token, record) = Token.make(role: .uploader, name: "Dakar team")
            try await queue.store.insertToken(record)
            let parsed = try #require(Token.parse(token))
            let stored = try #require(try await queue.store.token(id: parsed.id))
            #expect(stored.role == .uploader && stored.name == "Dakar team" && stored.secretHash != parsed.secret)
            #expect(!token.contains(stored.secretHash))
            #expect(Token.matches(parsed.secret, stored))
            #expect(!Token.matches(parsed.secret + "x", stored))
            #expect(try await queue.store.revokeToken(id: parsed.id))
            #expect(try await !queue.store.revokeToken(id: parsed.id))
            let revoked = try #require(try await queue.store.token(id: parsed.id))
            #expect(!Token.matches(parsed.secret, revoked))
            #expect(try await queue.store.tokens().map(\.id) == [parsed.id])
        }
    }
}
