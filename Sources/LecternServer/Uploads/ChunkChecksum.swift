import Crypto
import NIOCore

/// tus's checksum extension: the digest a client sent with a PATCH, and the hash to compare it with.
struct ChunkChecksum: Sendable, Hashable {
    /// The algorithms accepted: SHA-256, and SHA-1 because tuspy and other clients send it by default.
    enum Algorithm: String, Sendable {
        case sha256, sha1

        var digestBytes: Int { self == .sha256 ? 32 : 20 }
    }

    var algorithm: Algorithm
    var digest: [UInt8]

    func hasher() -> Hasher { Hasher(algorithm: algorithm) }

    /// Hashes a chunk as it streams by.
    struct Hasher {
        private var sha256 = SHA256()
        private var sha1 = Insecure.SHA1()
        let algorithm: Algorithm

        init(algorithm: Algorithm) { self.algorithm = algorithm }

        mutating func update(_ bytes: ByteBufferView) {
            switch algorithm {
            case .sha256: sha256.update(data: bytes)
            case .sha1: sha1.update(data: bytes)
            }
        }

        func finalize() -> [UInt8] {
            switch algorithm {
            case .sha256: Array(sha256.finalize())
            case .sha1: Array(sha1.finalize())
            }
        }
    }
}
