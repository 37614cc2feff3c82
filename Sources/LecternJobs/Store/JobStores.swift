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

    /// The queue a `--queue` option names: a `postgresql://` URL, a `.sqlite` file, or (nil) the library's embedded
    /// queue. Anything else is refused, so a mistyped URL never becomes a private SQLite file the other origins do
    /// not share.
    public static func open(queue: String?, library: URL, logger: Logger) async throws -> any JobStore {
        guard let queue else { return try await sqlite(library: library) }
        let scheme = queue.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if scheme == "postgresql" || scheme == "postgres" { return try await postgres(url: queue, logger: logger) }
        if !queue.contains("://"), queue.hasSuffix(".sqlite") { return try await sqlite(path: queue) }
        throw JobStoreError(.database, "\(PostgresExecutor.redacted(queue)): expected postgresql://user@host/database or a .sqlite file")
    }
}
