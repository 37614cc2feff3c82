import Foundation
import LecternPackage
import Testing

@Suite("SHA256Hasher")
struct SHA256HasherTests {
    @Test("FIPS 180-2 test vectors")
    func vectors() {
        #expect(SHA256Hasher.hash(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.hash(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(
        "Streaming a file across chunk boundaries matches sha256sum",
        arguments: [0, 1, SHA256Hasher.chunkSize, 2 * SHA256Hasher.chunkSize + 12_345]
    )
    func fileMatchesSha256sum(size: Int) throws {
        try withTemporaryFolder { folder in
            let url = folder.appending(component: "blob.bin")
            let data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
            try data.write(to: url)
            let hash = try SHA256Hasher.hashFile(at: url)
            #expect(hash == (try sha256sum(url)))
            #expect(hash == SHA256Hasher.hash(data))
        }
    }

    @Test("A missing file is an I/O failure naming the path")
    func missingFile() throws {
        try withTemporaryFolder { folder in
            let url = folder.appending(component: "nope.m4s")
            let error = #expect(throws: PackageError.self) { try SHA256Hasher.hashFile(at: url) }
            #expect(error?.code == .ioFailure)
            #expect(error?.description.contains("nope.m4s") == true)
        }
    }
}
