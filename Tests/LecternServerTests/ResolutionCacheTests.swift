import Foundation
@testable import LecternServer
import Synchronization
import Testing

@Suite("ResolutionCache: resolved files trusted for a moment, like nginx's open_file_cache")
struct ResolutionCacheTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    }

    static func file(size: Int) -> PackageFile {
        PackageFile(path: "/library/lectures/a/360p/seg-00001.m4s", packagePath: PackagePath(components: ["360p", "seg-00001.m4s"]), size: size, modifiedNanoseconds: 1)
    }

    @Test("An entry is returned until its lifetime is over, then dropped")
    func expiry() {
        let clock = ManualClock()
        let cache = ResolutionCache(lifetime: .seconds(1), now: { clock.now() })
        cache.store(Self.file(size: 10), forKey: "a/360p/seg-00001.m4s")
        #expect(cache.file(forKey: "a/360p/seg-00001.m4s")?.size == 10)
        #expect(cache.file(forKey: "a/360p/seg-00002.m4s") == nil)
        clock.advance(.milliseconds(999))
        #expect(cache.file(forKey: "a/360p/seg-00001.m4s")?.size == 10)
        clock.advance(.milliseconds(1))
        #expect(cache.file(forKey: "a/360p/seg-00001.m4s") == nil)
    }

    @Test("A zero lifetime caches nothing; a full cache starts over instead of growing")
    func bounds() {
        let never = ResolutionCache(lifetime: .zero)
        never.store(Self.file(size: 1), forKey: "k")
        #expect(never.file(forKey: "k") == nil)

        let small = ResolutionCache(capacity: 2)
        small.store(Self.file(size: 1), forKey: "one")
        small.store(Self.file(size: 2), forKey: "two")
        small.store(Self.file(size: 3), forKey: "three")
        #expect(small.file(forKey: "one") == nil)
        #expect(small.file(forKey: "three")?.size == 3)
    }

    @Test("The resolver answers from the cache while fresh and sees a published change after it expires")
    func resolver() throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let clock = ManualClock()
        let resolver = PackageFileResolver(library: fixture.library, cache: ResolutionCache(lifetime: .seconds(1), now: { clock.now() }))
        let path = PackagePath(components: ["360p", "seg-00002.m4s"])
        let first = try resolver.resolve(id: PackageFixture.id, path: path)
        try Data(repeating: 7, count: 1234).write(to: fixture.packageFolder.appendingPathComponent("360p/seg-00002.m4s"))
        #expect(try resolver.resolve(id: PackageFixture.id, path: path).size == first.size)
        clock.advance(.seconds(2))
        #expect(try resolver.resolve(id: PackageFixture.id, path: path).size == 1234)
        // Missing files are not remembered: a file that appears is found at once.
        let late = PackagePath(components: ["360p", "seg-09999.m4s"])
        #expect(throws: HTTPFailure.self) { try resolver.resolve(id: PackageFixture.id, path: late) }
        try Data(repeating: 1, count: 5).write(to: fixture.packageFolder.appendingPathComponent("360p/seg-09999.m4s"))
        #expect(try resolver.resolve(id: PackageFixture.id, path: late).size == 5)
    }
}
