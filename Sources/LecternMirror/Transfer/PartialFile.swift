import Crypto
import Foundation
import LecternPackage

#if canImport(Glibc)
import Glibc

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(descriptor, bytes, count) }
private func systemClose(_ descriptor: Int32) -> Int32 { Glibc.close(descriptor) }
#elseif canImport(Darwin)
import Darwin

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Darwin.write(descriptor, bytes, count) }
private func systemClose(_ descriptor: Int32) -> Int32 { Darwin.close(descriptor) }
#endif

/// One file being fetched into the mirror's staging area: `<sha256>.part`, appended to as bytes arrive and hashed as
/// they are written, so the SHA-256 is known the moment the last byte lands (no second read). A partial file left by
/// a killed run is picked up where it stopped: its bytes are hashed once, then the transfer resumes after them.
///
/// Used by one task at a time; local write failures (a full disk, permission denied) are `MirrorError`s, which stop
/// the run, because no other file would fare better.
final class PartialFile {
    let url: URL
    let expected: FileEntry
    /// Bytes in the file now.
    private(set) var size = 0
    /// Bytes written by this run (received from the origin).
    private(set) var received = 0
    /// Bytes found from an earlier run when opened.
    private(set) var resumed = 0
    private var descriptor: Int32
    private var hasher = SHA256()
    private let meter: TransferMeter

    init(url: URL, expected: FileEntry, meter: TransferMeter) throws(MirrorError) {
        self.url = url
        self.expected = expected
        self.meter = meter
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(url, "cannot create") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure(url, "cannot read") }
        let found = Int(status.st_size)
        if found > expected.size {
            try truncate()
        } else if found > 0 {
            try hashPrefix(found)
            size = found
            resumed = found
            meter.credit(found)
        }
        guard lseek(descriptor, off_t(size), SEEK_SET) >= 0 else { throw Self.failure(url, "cannot seek in") }
    }

    deinit { close() }

    /// How many bytes to write between waits for the rate limit: about 1/50 s worth (at least 1 KiB), so a limited
    /// transfer flows evenly and a killed one leaves the bytes it received on disk; everything at once without a limit.
    var pacingSlice: Int { meter.pacingSlice }

    /// Waits until the rate limit lets `count` more bytes go; call before `append`.
    func pace(_ count: Int) async throws {
        try await meter.pace(count)
    }

    /// Appends bytes received from the origin.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        guard size + bytes.count <= expected.size else {
            throw TransferFailure.integrity("the origin sent more than the manifest's \(expected.size) bytes")
        }
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure(url, "cannot write")
            }
            offset += written
        }
        hasher.update(bufferPointer: bytes)
        size += bytes.count
        received += bytes.count
        meter.received(bytes.count)
    }

    /// Starts again from byte 0 (the origin ignored the range, or the bytes so far were wrong).
    func restart() throws(MirrorError) {
        meter.credit(-size)
        try truncate()
    }

    /// The SHA-256 of the bytes written so far, lowercase hex.
    var digest: String {
        hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
    }

    /// Closes the file; further writes fail.
    func close() {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
    }

    private func truncate() throws(MirrorError) {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) >= 0 else { throw Self.failure(url, "cannot truncate") }
        size = 0
        hasher = SHA256()
    }

    /// Hashes the bytes left by an earlier run, streaming.
    private func hashPrefix(_ length: Int) throws(MirrorError) {
        var buffer = [UInt8](repeating: 0, count: SHA256Hasher.chunkSize)
        var offset = 0
        while offset < length {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min($0.count, length - offset), off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw Self.failure(url, "cannot read") }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            offset += count
        }
    }

    /// One line: the path, what failed and the system's reason ("No space left on device", "Permission denied").
    static func failure(_ url: URL, _ what: String) -> MirrorError {
        MirrorError(.targetFailed, "\(url.path): \(what): \(String(cString: strerror(errno)))")
    }
}
