/// The short random token put in variant URIs (`240p/index.m3u8?s=<token>`, then passed on to every segment URI by
/// `SessionPlaylistResponder`) so the segment requests of one playback session can be attributed and its throughput
/// measured. Browsers also get it as a cookie. Not a secret and not an identity.
enum SessionToken {
    static let cookieName = "lectern_session"
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// Twelve base-36 digits of one draw of the system generator (one `getrandom`): 36^12 < 2^64, so the modulo's bias is
    /// under one part in three, which does not matter for a token that only groups requests.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var value = generator.next()
        var digits = [UInt8](repeating: 0, count: 12)
        for index in digits.indices {
            digits[index] = alphabet[Int(value % UInt64(alphabet.count))]
            value /= UInt64(alphabet.count)
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `[a-z0-9]{8,32}`.
    static func isValid(_ token: some StringProtocol) -> Bool {
        (8...32).contains(token.utf8.count) && token.utf8.allSatisfy { alphabet.contains($0) }
    }

    /// `uri` with `?s=<token>` appended; absolute URIs and URIs that already have a query are left alone.
    static func tag(_ uri: String, token: String) -> String {
        uri.contains("://") || uri.contains("?") ? uri : uri + "?s=" + token
    }

    /// The `s` parameter of a raw query string (`s=<token>&...`), if valid.
    static func fromQuery(_ query: Substring) -> String? {
        for item in query.split(separator: "&") where item.hasPrefix("s=") {
            let value = item.dropFirst(2)
            return isValid(value) ? String(value) : nil
        }
        return nil
    }

    /// The session cookie's value from a `Cookie` header, if valid.
    static func fromCookie(_ header: String?) -> String? {
        guard let value = Cookies.value(named: cookieName, in: header), isValid(value) else { return nil }
        return String(value)
    }
}
