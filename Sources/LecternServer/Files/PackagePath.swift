/// A file path inside one lecture package, decoded from the raw (percent-encoded) request path.
///
/// Deliberately strict: package files are named `[A-Za-z0-9._-]` (e.g. `240p/seg-00001.m4s`), so after one
/// percent-decoding every component must use only those characters, must not start with a dot and must not be
/// empty. That rejects `..`, `%2e%2e`, double-encoded `%252e`, encoded slashes, backslashes and NUL bytes;
/// symbolic links are checked separately when the file is opened (`PackageFileResolver`).
struct PackagePath: Hashable, Sendable, CustomStringConvertible {
    /// Why a request path is not a package path, and so which status the request gets.
    enum Problem: Error, Equatable {
        /// Bad percent-encoding: the request is malformed (400).
        case malformed
        /// Well-formed but not a package file name (404).
        case notAPackageFile
    }

    /// Decoded components, e.g. `["240p", "seg-00001.m4s"]`.
    let components: [String]

    var description: String { components.joined(separator: "/") }

    /// The last component's extension, lowercased ("m4s"), or "".
    var fileExtension: String {
        guard let last = components.last, let dot = last.lastIndex(of: ".") else { return "" }
        return String(last[last.index(after: dot)...]).lowercased()
    }

    init(components: [String]) {
        self.components = components
    }

    /// A path written inside a package (a manifest's or playlist's `a/b.ext`), held to the same rules; nil otherwise.
    init?(relative: String) {
        let pieces = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !pieces.isEmpty, pieces.count <= 8, pieces.allSatisfy(Self.isSafeName) else { return nil }
        components = pieces
    }

    /// `uri` (a playlist entry) taken relative to this file's folder, as a package-relative string.
    func sibling(_ uri: String) -> String {
        (components.dropLast() + [uri]).joined(separator: "/")
    }

    /// Parses raw path components (still percent-encoded).
    static func parse(_ raw: some Collection<Substring>) throws(Problem) -> PackagePath {
        guard !raw.isEmpty, raw.count <= 8 else { throw .notAPackageFile }
        var components: [String] = []
        components.reserveCapacity(raw.count)
        for piece in raw {
            let decoded = try percentDecode(piece)
            guard isSafeName(decoded) else { throw .notAPackageFile }
            components.append(decoded)
        }
        return PackagePath(components: components)
    }

    /// True for `[A-Za-z0-9._-]{1,128}` not starting with ".".
    static func isSafeName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (1...128).contains(bytes.count), bytes.first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// Decodes `%XX` escapes once; a stray `%` or a non-hex digit is `.malformed`, invalid UTF-8 is `.notAPackageFile`.
    static func percentDecode(_ text: Substring) throws(Problem) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { throw .malformed }
            bytes.append(high << 4 | low)
        }
        guard let string = String(validating: bytes, as: UTF8.self) else { throw .notAPackageFile }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
