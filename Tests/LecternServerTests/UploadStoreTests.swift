import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LecternPackage
import NIOCore
import Testing

@testable import LecternServer

/// `UploadStore.append`: bodies of many `BlockWriter` blocks, written while the next block arrives, must land byte for byte,
/// keep the running SHA-256 right, and leave the file at a clean offset on every bad ending.
@Suite struct UploadStoreTests {
    struct Lost: Error {}

    let folder: URL
    let store: UploadStore
    /// 13 MiB + 5 bytes of noise: 13 full blocks and a short one.
    let bytes: [UInt8]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("upload-store-\(UUID().uuidString)")
        store = UploadStore(folder: folder)
        let noise = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        defer { try? noise.close() }
        bytes = Array(try #require(try noise.read(upToCount: 13 << 20 + 5)))
    }

    func upload(length: Int? = nil) throws -> UploadInfo {
        let info = UploadInfo(
            id: "u" + String(repeating: "0", count: 19) + "1",
            owner: "t",
            kind: .recording,
            length: length ?? bytes.count,
            fileName: "talk.mp4",
            title: "Talk",
            series: nil,
            language: "en",
            subtitles: [:],
            audio: [:],
            rawMetadata: nil,
            createdAt: Date(),
            expiresAt: Date().addingTimeInterval(3600)
        )
        try store.create(info)
        return info
    }

    /// `slice` in network-sized pieces (a prime size, so blocks never end on a piece's edge), then `ending` if any.
    static func body(_ slice: ArraySlice<UInt8>, ending: (any Error)? = nil) -> AsyncThrowingStream<ByteBuffer, any Error> {
        AsyncThrowingStream { continuation in
            var start = slice.startIndex
            while start < slice.endIndex {
                let end = min(start + 65_521, slice.endIndex)
                continuation.yield(ByteBuffer(bytes: slice[start..<end]))
                start = end
            }
            continuation.finish(throwing: ending)
        }
    }

    static func checksum(_ slice: ArraySlice<UInt8>) -> ChunkChecksum {
        ChunkChecksum(algorithm: .sha256, digest: Array(SHA256.hash(data: Array(slice))))
    }

    /// Sends the rest from `offset` without a checksum: the upload is complete and its running hash is the file's.
    func resumesToTheWhole(_ info: UploadInfo, from offset: Int) async throws {
        #expect(try await store.append(info, at: offset, body: Self.body(bytes[offset...]), checksum: nil) == bytes.count)
        #expect(try await store.hash(info.id) == SHA256Hasher.hex(SHA256.hash(data: bytes)))
    }

    func stored(_ info: UploadInfo) throws -> [UInt8] { Array(try Data(contentsOf: store.dataURL(info.id))) }

    func status(of error: any Error) -> Int? { (error as? HTTPFailure)?.status.code }

    @Test("Two PATCHes of several blocks each: the file is the bytes and the running hash is their SHA-256")
    func severalBlocks() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try upload()
        let split = 9 << 20 + 7
        let first = try await store.append(info, at: 0, body: Self.body(bytes[..<split]), checksum: nil)
        #expect(first == split)
        let second = try await store.append(info, at: split, body: Self.body(bytes[split...]), checksum: Self.checksum(bytes[split...]))
        #expect(second == bytes.count)
        #expect(try stored(info) == bytes)
        #expect(try await store.hash(info.id) == SHA256Hasher.hex(SHA256.hash(data: bytes)))
    }

    @Test("A connection lost after 9.5 MiB without a checksum keeps exactly what arrived; the resumed upload hashes right")
    func lostWithoutChecksum() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try upload()
        let cut = 9 << 20 + 1 << 19
        await #expect(throws: UploadStore.BodyEnded.self) {
            _ = try await store.append(info, at: 0, body: Self.body(bytes[..<cut], ending: Lost()), checksum: nil)
        }
        #expect(store.offset(info.id) == cut)
        #expect(try stored(info) == Array(bytes[..<cut]))
        try await resumesToTheWhole(info, from: cut)
    }

    @Test("A connection lost mid-chunk with a checksum: the file goes back to the chunk's start, several blocks later")
    func lostWithChecksum() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try upload()
        let split = 1 << 20
        #expect(try await store.append(info, at: 0, body: Self.body(bytes[..<split]), checksum: nil) == split)
        await #expect(throws: UploadStore.BodyEnded.self) {
            _ = try await store.append(
                info,
                at: split,
                body: Self.body(bytes[split..<(11 << 20)], ending: Lost()),
                checksum: Self.checksum(bytes[split...])
            )
        }
        #expect(store.offset(info.id) == split)
        try await resumesToTheWhole(info, from: split)
    }

    @Test("A checksum that does not match after several blocks: 460 and the file back at the chunk's start")
    func checksumMismatch() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try upload()
        do {
            _ = try await store.append(info, at: 0, body: Self.body(bytes[...]), checksum: Self.checksum(bytes[1...]))
            Issue.record("a wrong checksum was accepted")
        } catch {
            #expect(status(of: error) == 460)
        }
        #expect(store.offset(info.id) == 0)
    }

    @Test("A body longer than Upload-Length, found out after several blocks: 413 and the file back at the chunk's start")
    func tooLong() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try upload(length: bytes.count - 1)
        do {
            _ = try await store.append(info, at: 0, body: Self.body(bytes[...]), checksum: nil)
            Issue.record("a body longer than Upload-Length was accepted")
        } catch {
            #expect(status(of: error) == 413)
        }
        #expect(store.offset(info.id) == 0)
    }
}
