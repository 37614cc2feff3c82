import Crypto
public import Foundation

/// Bearer tokens: `lt_<id>_<secret>`, where the id finds the record and the secret's SHA-256 is compared with the
/// stored one in constant time. The secret is printed once, when made, and kept nowhere.
public enum Token {
    /// A new token for `role`: the string to hand over once, and the record to store.
    public static func make(role: Role, name: String, now: Date = Date()) -> (token: String, record: TokenRecord) {
        let id = randomHex(bytes: 6)
        var secretBytes = [UInt8](repeating: 0, count: 32)
        for index in secretBytes.indices { secretBytes[index] = UInt8.random(in: 0...255) }
        let secret = Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let record = TokenRecord(id: id, name: name, role: role, secretHash: hash(secret), createdAt: now)
        return ("lt_\(id)_\(secret)", record)
    }

    /// The id and secret of a presented token, nil when it does not have the token's shape.
    public static func parse(_ token: String) -> (id: String, secret: String)? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "lt", parts[1].count == 12, !parts[2].isEmpty, parts[2].count <= 64,
            parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// Whether `secret` is the one `record` was made with, compared in constant time; revoked tokens never match.
    public static func matches(_ secret: String, _ record: TokenRecord) -> Bool {
        guard record.revokedAt == nil else { return false }
        let presented = Array(hash(secret).utf8)
        let stored = Array(record.secretHash.utf8)
        guard presented.count == stored.count else { return false }
        var difference: UInt8 = 0
        for index in presented.indices { difference |= presented[index] ^ stored[index] }
        return difference == 0
    }

    /// SHA-256 of `secret`, hex.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `bytes` random bytes as hex: ids for tokens, jobs and uploads.
    public static func randomHex(bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
