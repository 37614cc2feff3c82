/// Reading a request's `Cookie` header.
enum Cookies {
    /// The value of cookie `name` in `header` (`a=1; b=2`), nil when it is not there.
    static func value(named name: String, in header: String?) -> Substring? {
        guard let header else { return nil }
        for item in header.split(separator: ";") {
            let parts = item.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingSpaces == name { return parts[1].trimmingSpaces }
        }
        return nil
    }
}
