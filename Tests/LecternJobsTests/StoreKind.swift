import Foundation
import LecternJobs
import LecternTestSupport
import Logging
import Testing

/// The two stores every conformance test runs against: SQLite in a temporary folder, and a fresh database in the
/// throwaway PostgreSQL cluster the tests start (scripts/test.sh installs PostgreSQL).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty store of this kind, and a way to drop it.
    func make() async throws -> (store: any JobStore, done: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-jobs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = try await JobStores.sqlite(library: folder)
            return (
                store,
                {
                    try? await store.close()
                    try? FileManager.default.removeItem(at: folder)
                }
            )
        case .postgres:
            let url = try PostgresCluster.shared().makeDatabase()
            let store = try await JobStores.postgres(url: url, logger: Logger(label: "test"))
            return (store, { try? await store.close() })
        }
    }

    /// Runs `body` with a new store and a queue over it (short leases, quick retries), dropping the store after.
    func withQueue(
        leaseSeconds: Double = 30,
        maxAttempts: Int = 3,
        _ body: (JobQueue) async throws -> Void
    ) async throws {
        let (store, done) = try await make()
        let queue = JobQueue(
            store: store,
            leaseSeconds: leaseSeconds,
            retry: RetryPolicy(base: 0.05, factor: 2, cap: 0.2, jitter: 0),
            maxAttempts: maxAttempts,
            logger: Logger(label: "test")
        )
        do {
            try await body(queue)
        } catch {
            await done()
            throw error
        }
        await done()
    }
}

/// A spec for tests: `n` tells jobs apart.
func spec(_ n: Int) -> JobSpec {
    JobSpec(recording: "u\(n)", fileName: "talk\(n).mp4", sha256: String(repeating: "a", count: 64), bytes: 1000 + n, title: "Talk \(n)")
}
