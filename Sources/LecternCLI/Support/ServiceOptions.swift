import ArgumentParser
import Foundation
import LecternWorker

/// `--server` and `--token`, shared by the commands that talk to an origin's ingest API; LECTERN_SERVER and
/// LECTERN_TOKEN stand in for them, so a token need not appear in the shell's history.
struct ServiceOptions: ParsableArguments {
    @Option(help: "The origin running 'lectern serve' (default: $LECTERN_SERVER, else http://127.0.0.1:8080).")
    var server: String?

    @Option(help: "An uploader or admin token from 'lectern token create' (default: $LECTERN_TOKEN).")
    var token: String?

    var resolvedServer: String { server ?? ProcessInfo.processInfo.environment["LECTERN_SERVER"] ?? "http://127.0.0.1:8080" }

    func client() throws -> ServiceClient {
        guard let token = token ?? ProcessInfo.processInfo.environment["LECTERN_TOKEN"], !token.isEmpty else {
            throw ValidationError("--token (or LECTERN_TOKEN) is needed: make one with 'lectern token create --role uploader'")
        }
        guard let url = URL(string: resolvedServer), ["http", "https"].contains(url.scheme ?? "") else {
            throw ValidationError("--server \(resolvedServer): expected an http:// or https:// URL")
        }
        return ServiceClient(server: resolvedServer, token: token)
    }
}
