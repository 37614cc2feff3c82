import Foundation
import NIOCore
import SQLiteNIO

/// SQLite for the embedded queue: one file in the library, WAL journal, and in-process wake-ups (workers in other
/// processes poll).
struct SQLiteExecutor: SQLExecutor {
    let connection: SQLiteConnection
    let signal = WorkSignal()

    var dialect: JobSQL.Dialect { .sqlite }

    static func open(path: String) async throws -> SQLiteExecutor {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path))
        } catch {
            throw JobStoreError(.database, "\(path): cannot open the job database (\(error))")
        }
        let executor = SQLiteExecutor(connection: connection)
        // Several processes (serve, lectern token, lectern jobs) share the file: wait on a lock rather than fail.
        _ = try await executor.execute("PRAGMA busy_timeout = 10000", [])
        _ = try await executor.execute("PRAGMA journal_mode = WAL", [])
        return executor
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let data = binds.map { value -> SQLiteData in
            switch value {
            case .text(let text): .text(text)
            case .real(let number): .float(number)
            case .integer(let number): .integer(number)
            case .null: .null
            }
        }
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(sql, data)
        } catch {
            throw JobStoreError(.database, "job database: \(error)")
        }
        return rows.map { row in
            var values: SQLRow = [:]
            for column in row.columns {
                switch column.data {
                case .text(let text): values[column.name] = .text(text)
                case .float(let number): values[column.name] = .real(number)
                case .integer(let number): values[column.name] = .integer(number)
                case .null, .blob: values[column.name] = .null
                }
            }
            return values
        }
    }

    func announceWork() async { await signal.announce() }

    func waitForWork(timeout: Duration) async { await signal.wait(timeout: timeout) }

    func close() async throws { try await connection.close() }
}
