import Foundation
import Logging
import NIOCore
import PostgresNIO

/// PostgreSQL for a queue shared by several origins: a connection pool, claims with `FOR UPDATE SKIP LOCKED`, and
/// wake-ups through `LISTEN`/`NOTIFY` on the channel `lectern_jobs` (workers still poll, in case a notification is
/// lost with a connection).
struct PostgresExecutor: SQLExecutor {
    let client: PostgresClient
    let signal: WorkSignal
    /// Runs the pool and the listener until `close()`.
    let background: Task<Void, Never>

    var dialect: JobSQL.Dialect { .postgres }

    static func open(url: String, logger: Logger) throws -> PostgresExecutor {
        let client = PostgresClient(configuration: try configuration(url), backgroundLogger: logger)
        let signal = WorkSignal()
        let background = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await listen(client, signal: signal, logger: logger) }
            }
        }
        return PostgresExecutor(client: client, signal: signal, background: background)
    }

    /// The client configuration for a `postgresql://user:password@host:port/database` URL (`?host=/run/postgresql`
    /// for a Unix socket; TLS only with `sslmode=require`).
    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgresql", "postgres"].contains(components.scheme?.lowercased() ?? ""),
            let user = components.user ?? ProcessInfo.processInfo.environment["USER"]
        else { throw JobStoreError(.database, "\(redacted(url)): not a postgresql://user@host/database URL") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last }
        let database = components.path.split(separator: "/").first.map(String.init)
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let socket = "\(socketFolder)/.s.PGSQL.\(components.port ?? 5432)"
            return .init(unixSocketPath: socket, username: user, password: components.password, database: database)
        }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let mode: throw JobStoreError(.database, "\(redacted(url)): sslmode=\(mode) is not one of disable, prefer, require, verify-full")
        }
        return .init(
            host: components.host ?? "127.0.0.1",
            port: components.port ?? 5432,
            username: user,
            password: components.password,
            database: database,
            tls: tls
        )
    }

    /// `url` without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "the --queue URL"
    }

    /// Relays the channel's notifications to this process's workers; reconnects after an error, a second later.
    private static func listen(_ client: PostgresClient, signal: WorkSignal, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: "lectern_jobs") { notifications in
                        for try await _ in notifications { await signal.announce() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("Queue listener reconnecting", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .text(let text): bindings.append(text)
            case .real(let number): bindings.append(number)
            case .integer(let number): bindings.append(number)
            case .null: bindings.appendNull()
            }
        }
        do {
            var rows: [SQLRow] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings)) {
                var values: SQLRow = [:]
                for cell in row { values[cell.columnName] = try Self.value(cell) }
                rows.append(values)
            }
            return rows
        } catch let error as JobStoreError {
            throw error
        } catch let error as PSQLError {
            throw JobStoreError(.database, "job database: \(error.serverInfo?[.message] ?? String(describing: error.code))")
        } catch {
            throw JobStoreError(.database, "job database: \(error)")
        }
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .float8, .float4, .numeric: return .real(try cell.decode(Double.self))
        case .int8, .int4, .int2: return .integer(try cell.decode(Int.self))
        default: return .text(try cell.decode(String.self))
        }
    }

    func announceWork() async {
        _ = try? await execute("NOTIFY lectern_jobs", [])
    }

    func waitForWork(timeout: Duration) async { await signal.wait(timeout: timeout) }

    func close() async throws { background.cancel() }
}
