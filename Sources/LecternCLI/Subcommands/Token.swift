public import ArgumentParser
import Foundation
public import LecternJobs
import Logging

extension Lectern {
    struct TokenCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Make, list and revoke the tokens that may upload, work or administer.",
            discussion: """
                Roles: uploader (uploads recordings, sees and cancels its own jobs), worker (lectern worker: claims jobs), \
                admin (everything). A token is printed once, when made: the queue keeps only its SHA-256. Send it as \
                'Authorization: Bearer <token>' (lectern submit --token does). Watching lectures needs no token.
                """,
            subcommands: [Create.self, List.self, Revoke.self]
        )

        /// Which queue holds the tokens: the library's, or a PostgreSQL one.
        struct QueueOptions: ParsableArguments {
            @Option(help: "The library whose queue holds the tokens.", completion: .directory)
            var library = "library"

            @Option(help: "A PostgreSQL queue (postgresql://user@host/database) instead of the library's.")
            var queue: String?

            /// Runs `body` with the queue's store open, closing it after (also when `body` throws).
            func withStore<T>(_ logger: Logger, _ body: (any JobStore) async throws -> T) async throws -> T {
                let store = try await JobStores.open(queue: queue, library: URL(fileURLWithPath: library, isDirectory: true), logger: logger)
                do {
                    let result = try await body(store)
                    try? await store.close()
                    return result
                } catch {
                    try? await store.close()
                    throw error
                }
            }
        }

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a token and print it (once).")

            @Option(help: "uploader, worker or admin.")
            var role: Role

            @Option(help: "Who or what holds it (shown by 'lectern token list').")
            var name = "unnamed"

            @OptionGroup var queue: QueueOptions
            @Flag(help: "Print the token and its record as JSON.")
            var json = false
            @OptionGroup var logging: LoggingOptions

            func run() async throws {
                let (token, record) = Token.make(role: role, name: name)
                try await queue.withStore(logging.makeLogger()) { try await $0.insertToken(record) }
                if json {
                    try Output.json(["token": token, "id": record.id, "role": record.role.rawValue, "name": record.name])
                } else {
                    Output.line(token)
                    FileHandle.standardError.write(Data("\(role.rawValue) token \(record.id) for \(name); it is not shown again.\n".utf8))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (ids, roles, names; never secrets).")

            @OptionGroup var queue: QueueOptions
            @Flag(help: "Print the list as JSON.")
            var json = false
            @OptionGroup var logging: LoggingOptions

            func run() async throws {
                let tokens = try await queue.withStore(logging.makeLogger()) { try await $0.tokens() }
                if json { return try Output.json(tokens.map(View.init)) }
                for token in tokens {
                    let state = token.revokedAt.map { "revoked \(Self.date($0))" } ?? "valid"
                    Output.line(
                        "\(token.id)  \(token.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(Self.date(token.createdAt))  \(state)  \(token.name)"
                    )
                }
            }

            static func date(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

            struct View: Encodable {
                var id, name, role: String
                var createdAt: Date
                var revokedAt: Date?
                init(_ record: TokenRecord) {
                    (id, name, role, createdAt, revokedAt) = (record.id, record.name, record.role.rawValue, record.createdAt, record.revokedAt)
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token by its id: it stops working at once.")

            @Argument(help: "The token's id (the 12 hex digits after lt_), as 'lectern token list' shows it.")
            var id: String

            @OptionGroup var queue: QueueOptions
            @OptionGroup var logging: LoggingOptions

            func run() async throws {
                let revoked = try await queue.withStore(logging.makeLogger()) { try await $0.revokeToken(id: id) }
                guard revoked else { throw ValidationError("\(id): no valid token with this id") }
                Output.line("Revoked \(id)")
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
