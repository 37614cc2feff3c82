import CompressNIO
import Hummingbird

/// Gzip for small text responses (playlists, JSON, pages): on a 100 kbps link a long lecture's playlist
/// shrinks from seconds to a fraction of one.
enum Gzip {
    /// True when `Accept-Encoding` lists gzip (or `*`) without `q=0`.
    static func isAccepted(_ request: HTTPFields) -> Bool {
        guard let header = request[.acceptEncoding] else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            let coding = parts.first?.trimmingSpaces.lowercased() ?? ""
            guard coding == "gzip" || coding == "*" || coding == "x-gzip" else { continue }
            let rejected = parts.dropFirst().contains { parameter in
                let text = parameter.trimmingSpaces.lowercased()
                return text.hasPrefix("q=") && (Double(text.dropFirst(2)) ?? 1) == 0
            }
            if !rejected { return true }
        }
        return false
    }

    static func compress(_ buffer: ByteBuffer) throws -> ByteBuffer {
        var input = buffer
        return try input.compress(with: .gzip())
    }

    /// `body` gzipped when the client accepts it and it is worth it; sets `Content-Encoding` and `Vary`.
    static func encode(_ body: ByteBuffer, for request: HTTPFields, headers: inout HTTPFields) -> ByteBuffer {
        headers.appendVary("Accept-Encoding")
        return compressIfAccepted(body, for: request, headers: &headers)
    }

    /// `body` gzipped when the client accepts it and it is worth it; sets `Content-Encoding` (the caller sees to `Vary`).
    static func compressIfAccepted(_ body: ByteBuffer, for request: HTTPFields, headers: inout HTTPFields) -> ByteBuffer {
        guard body.readableBytes > 256, isAccepted(request), let compressed = try? compress(body),
            compressed.readableBytes < body.readableBytes
        else { return body }
        headers[.contentEncoding] = "gzip"
        return compressed
    }
}
