import Crypto
import NIOCore
import NIOFileSystem

/// Writes a request's body to a file in 1 MiB blocks at increasing offsets, adding them to a running SHA-256, each
/// block on the side while the caller reads the next: the body keeps arriving while the disk and the hash take the
/// block before. (Hummingbird stops reading the socket after a few buffers, so writing in line with the reads left
/// the socket idle during every write.) At most two blocks are held: the one being written and the one filling.
///
/// Every way out must pass through `finish` or `stop`, so no write is still running when the file handle closes.
struct BlockWriter {
    static let blockSize = 1 << 20

    let handle: WriteFileHandle
    let start: Int
    /// Bytes handed to a write so far; all written once `finish` has returned.
    private(set) var handedOver = 0
    private var pending = ByteBuffer()
    private var hash: SHA256?
    private var inFlight: Task<SHA256?, any Error>?
    /// Why a block could not be written; every later call throws it, so nothing after a hole counts as written.
    private var failure: (any Error)?

    /// Writes from byte `start` of the file on; `hash` covers the bytes before it (nil: none is kept).
    init(handle: WriteFileHandle, at start: Int, hash: SHA256?) {
        self.handle = handle
        self.start = start
        self.hash = hash
    }

    /// Bytes taken so far, written or waiting.
    var received: Int { handedOver + pending.readableBytes }

    /// Takes `chunk`; starts writing once a block is full (after the block before is written).
    mutating func append(_ chunk: inout ByteBuffer) async throws {
        pending.writeBuffer(&chunk)
        if pending.readableBytes >= Self.blockSize { try await submitPending() }
    }

    /// Writes what is left and waits for it; the hash of the file from its first byte to the last written.
    mutating func finish() async throws -> SHA256? {
        try await submitPending()
        return try await settle()
    }

    /// Waits for the write under way and drops what has not been handed over.
    mutating func stop() async {
        pending.clear()
        _ = try? await settle()
    }

    private mutating func submitPending() async throws {
        guard pending.readableBytes > 0 else { return }
        let hash = try await settle()
        let block = pending
        pending = ByteBuffer()
        let at = Int64(start + handedOver)
        handedOver += block.readableBytes
        inFlight = Task { [handle] in
            async let written = handle.write(contentsOf: block.readableBytesView, toAbsoluteOffset: at)
            var hash = hash
            hash?.update(data: block.readableBytesView)
            _ = try await written
            return hash
        }
    }

    private mutating func settle() async throws -> SHA256? {
        if let failure { throw failure }
        if let inFlight {
            self.inFlight = nil
            do {
                hash = try await inFlight.value
            } catch {
                failure = error
                throw error
            }
        }
        return hash
    }
}
