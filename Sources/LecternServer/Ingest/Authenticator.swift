import Foundation
import Hummingbird
import LecternJobs

/// Who is asking: the bearer token of a write or job request, checked against the queue's token table.
struct Authenticator: Sendable {
    let store: any JobStore

    /// The token's record if the request carries a valid token allowed to act as `role`: 401 without a usable token,
    /// 403 with one of the wrong role.
    func authenticate(_ request: Request, as role: Role) async throws -> TokenRecord {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            let (id, secret) = Token.parse(String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        else {
            throw HTTPFailure(.unauthorized, "a token is needed: Authorization: Bearer lt_...", headers: [.wwwAuthenticate: "Bearer"])
        }
        guard let record = try await store.token(id: id), Token.matches(secret, record) else {
            throw HTTPFailure(.unauthorized, "unknown or revoked token", headers: [.wwwAuthenticate: "Bearer"])
        }
        guard record.role.allows(role) else {
            throw HTTPFailure(.forbidden, "a \(record.role.rawValue) token may not do this (needs \(role.rawValue))")
        }
        return record
    }
}
