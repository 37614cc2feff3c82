public import Foundation

/// A token as the queue's database keeps it: never the secret, only its SHA-256.
public struct TokenRecord: Sendable, Codable, Hashable {
    /// Public id, part of the token itself (`lt_<id>_<secret>`); shown by `lectern token list`.
    public var id: String
    /// Who or what holds it ("Dakar content team", "gpu-box-2").
    public var name: String
    /// What it may do.
    public var role: Role
    /// SHA-256 (hex) of the secret part.
    public var secretHash: String
    /// When it was made, and when revoked (nil while it is valid).
    public var createdAt: Date
    public var revokedAt: Date?

    /// A record.
    public init(id: String, name: String, role: Role, secretHash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
