import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What an FFmpeg wrapper holds besides memory, seen from outside it through `/proc`: the files it keeps open and the
/// threads it starts. Both are counted precisely, whatever the tests running beside it do.
enum Resources {
    /// How many of this process's file descriptors are open on `path`.
    static func descriptors(on path: String) -> Int {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == target }.count
    }

    /// Runs `body` on a new thread with a name of its own, waiting for it without holding a thread of the test's pool.
    /// Linux gives every thread the name of the thread that started it, so `threadsNamedLikeThisOne()` inside `body`
    /// counts the threads FFmpeg (or libx264) started for the objects `body` made and has not yet freed.
    static func onNamedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let name = "ff-" + String(UUID().uuidString.prefix(8))
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                continuation.resume(with: Result { try body() })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// The threads of this process named as the calling one (itself included).
    static func threadsNamedLikeThisOne() -> Int {
        guard let mine = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8) else { return 0 }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8)) == mine }.count
    }

    /// The threads named as the calling one once those that were told to end have gone: a thread that `pthread_join`
    /// has waited for may still be listed for a moment while the kernel finishes its exit. Waits up to 2 s for the count
    /// to come down to 1 (the caller alone); a thread left running keeps it above.
    static func threadsLeft() -> Int {
        var count = threadsNamedLikeThisOne()
        for _ in 0..<200 where count > 1 {
            usleep(10_000)
            count = threadsNamedLikeThisOne()
        }
        return count
    }

    /// This process's resident memory in bytes.
    static func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// How much resident memory grew over `iterations` runs of `body` (after 10 to warm up caches and pools). Each run
    /// that leaked a 12 MB picture would add 12 MB; runs that free everything leave it where it was.
    static func residentGrowth(iterations: Int, _ body: () throws -> Void) rethrows -> Int {
        for _ in 0..<10 { try body() }
        let before = residentBytes()
        for _ in 0..<iterations { try body() }
        return residentBytes() - before
    }
}
