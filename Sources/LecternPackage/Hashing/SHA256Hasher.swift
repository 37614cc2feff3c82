public import Crypto
public import Foundation

/// SHA-256 over files and bytes, as lowercase hex.
public enum SHA256Hasher {
    /// Files are read in chunks of this many bytes (1 MiB), so memory stays flat for any size.
    public static let chunkSize = 1 << 20

    /// Hashes a file, streaming it in `chunkSize` chunks.
    public static func hashFile(at url: URL) throws(PackageError) -> String {
        let filePath = FileSystem.path(url)
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
            return hex(hasher.finalize())
        } catch {
            throw PackageError(code: .ioFailure, message: "\(filePath): cannot read file to hash it", path: filePath, cause: error)
        }
    }

    /// Hashes bytes in memory.
    public static func hash(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// True for 64 lowercase hex characters.
    public static func isValidDigest(_ digest: String) -> Bool {
        digest.utf8.count == 64
            && digest.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A finished digest as lowercase hex (for hashes computed while bytes stream by).
    public static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
