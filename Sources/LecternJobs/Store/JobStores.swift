public import Foundation
public import Logging

/// Opening a job store: where the queue lives decides which database it is.
public enum JobStores {
    /// The library's embedded queue, `LIBRARY/.lectern/queue.sqlite`, created if missing; the library folder itself
    /// must exist (it is never created here).
    public static func sqlite(library: URL) async throws -> any JobStore {
        let folder = library.appendingPathComponent(".lectern", isDirectory: true)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: library.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw JobStoreError(.database, "\(library.path): no library folder here")
        }
        do {
            if !FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            }
        } catch {
            throw JobStoreError(.database, "\(folder.path): cannot create the queue's folder (\(error.localizedDescription))")
        }
        return try await sqlite(path: folder.appendingPathComponent("queue.sqlite").path)
    }

    /// A SQLite queue in the file at `path`, created if missing.
    public static func sqlite(path: String) async throws -> any JobStore {
        let store = SQLJobStore(executor: try await SQLiteExecutor.open(path: path))
        try await store.migrate()
        return store
    }
}

extension JobStores {
    /// The PostgreSQL queue at `url` (`postgresql://user:password@host:port/database`), its tables created if
    /// missing. Several origins may share it.
    public static func postgres(url: String, logger: Logger) async throws -> any JobStore {
        let store = SQLJobStore(executor: try PostgresExecutor.open(url: url, logger: logger))
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// The queue a `--queue` option names: a `postgresql://` URL, or else the library's embedded SQLite queue.
    public static func open(queue: String?, library: URL, logger: Logger) async throws -> any JobStore {
        if let queue, queue.hasPrefix("postgres") { return try await postgres(url: queue, logger: logger) }
        if let queue { return try await sqlite(path: queue) }
        return try await sqlite(library: library)
    }
}
