import Foundation
import Synchronization
import Testing

@testable import LecternServer

@Suite("ResolutionCache: resolved files trusted for a moment, like nginx's open_file_cache")
struct ResolutionCacheTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    }

    @Test("An entry is returned until its lifetime is over, then dropped")
    func expiry() {
        let clock = ManualClock()
        let cache = ResolutionCache(lifetime: .seconds(1), now: { clock.now() })
        cache.store("/real/a/360p/seg-00001.m4s", forKey: "a/360p/seg-00001.m4s")
        #expect(cache.realPath(forKey: "a/360p/seg-00001.m4s") == "/real/a/360p/seg-00001.m4s")
        #expect(cache.realPath(forKey: "a/360p/seg-00002.m4s") == nil)
        clock.advance(.milliseconds(999))
        #expect(cache.realPath(forKey: "a/360p/seg-00001.m4s") != nil)
        clock.advance(.milliseconds(1))
        #expect(cache.realPath(forKey: "a/360p/seg-00001.m4s") == nil)
    }

    @Test("A zero lifetime caches nothing; a full cache starts over instead of growing")
    func bounds() {
        let never = ResolutionCache(lifetime: .zero)
        never.store("/real/k", forKey: "k")
        #expect(never.realPath(forKey: "k") == nil)

        let small = ResolutionCache(capacity: 2)
        small.store("/real/one", forKey: "one")
        small.store("/real/two", forKey: "two")
        small.store("/real/three", forKey: "three")
        #expect(small.realPath(forKey: "one") == nil)
        #expect(small.realPath(forKey: "three") == "/real/three")
    }

    @Test("The resolver sees a changed file at once, and refuses at once a file replaced by a link leading outside")
    func resolver() throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let clock = ManualClock()
        let resolver = PackageFileResolver(library: fixture.library, cache: ResolutionCache(lifetime: .seconds(1), now: { clock.now() }))
        let path = PackagePath(components: ["360p", "seg-00002.m4s"])
        _ = try resolver.resolve(id: PackageFixture.id, path: path)
        let segment = fixture.packageFolder.appendingPathComponent("360p/seg-00002.m4s")
        try Data(repeating: 7, count: 1234).write(to: segment)
        #expect(try resolver.resolve(id: PackageFixture.id, path: path).size == 1234)
        // A link to a file outside the lecture, put where the cached resolution leads: never followed.
        let outside = fixture.root.appendingPathComponent("outside.bin")
        try Data(repeating: 1, count: 10).write(to: outside)
        try FileManager.default.removeItem(at: segment)
        try FileManager.default.createSymbolicLink(at: segment, withDestinationURL: outside)
        #expect(throws: HTTPFailure.self) { try resolver.resolve(id: PackageFixture.id, path: path) }
        clock.advance(.seconds(2))
        #expect(throws: HTTPFailure.self) { try resolver.resolve(id: PackageFixture.id, path: path) }
        // Missing files are not remembered: a file that appears is found at once.
        let late = PackagePath(components: ["360p", "seg-09999.m4s"])
        #expect(throws: HTTPFailure.self) { try resolver.resolve(id: PackageFixture.id, path: late) }
        try Data(repeating: 1, count: 5).write(to: fixture.packageFolder.appendingPathComponent("360p/seg-09999.m4s"))
        #expect(try resolver.resolve(id: PackageFixture.id, path: late).size == 5)
    }
}
