import Foundation
import Synchronization
import Testing

@testable import LecternTranscode

/// The queue between a transcode job's decoding thread and its rungs' threads, run with real threads. Where a test needs
/// a thread to be blocked, it asks the kernel (`/proc`) rather than sleeping and hoping.
struct HandoffQueueTests {
    final class Item {
        let number: Int
        init(_ number: Int) { self.number = number }
    }

    /// Polls `condition` for up to 5 s.
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return true
    }

    @Test("Values arrive in order on another thread, then nil once the producer has finished")
    func order() {
        let queue = HandoffQueue<Item>(capacity: 3)
        let received = Mutex<[Int]>([])
        let ended = Atomic(false)
        let consumer = Thread {
            while let item = queue.pop() { received.withLock { $0.append(item.number) } }
            ended.store(true, ordering: .sequentiallyConsistent)
        }
        consumer.start()
        var accepted = 0
        for number in 0..<100 where queue.push(Item(number)) { accepted += 1 }
        #expect(accepted == 100)
        queue.finish()
        #expect(Self.eventually { ended.load(ordering: .sequentiallyConsistent) })
        #expect(received.withLock { $0 } == Array(0..<100))
        #expect(queue.pop() == nil, "a pop after the end waits for nothing")
    }

    /// The kernel's id of the calling thread (`/proc/thread-self` names it).
    static func currentThreadID() -> Int {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
        return Int(link.split(separator: "/").last ?? "") ?? 0
    }

    /// Whether thread `id` of this process is asleep in the kernel, waiting on a futex (a semaphore, a lock, a
    /// condition): its state in `/proc/self/task/ID/stat` is S and its current system call is futex.
    static func isWaitingOnFutex(_ id: Int) -> Bool {
        guard id > 0,
            let stat = try? String(contentsOfFile: "/proc/self/task/\(id)/stat", encoding: .utf8),
            let syscall = try? String(contentsOfFile: "/proc/self/task/\(id)/syscall", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return false }
        #if arch(x86_64)
        let futex = "202"
        #else
        let futex = "98"  // arm64
        #endif
        return stat[afterName.upperBound...].hasPrefix("S") && syscall.split(separator: " ").first.map(String.init) == futex
    }

    @Test("The producer waits while the consumer is `capacity` values behind")
    func bounded() {
        let queue = HandoffQueue<Item>(capacity: 2)
        let pushed = Atomic(0)
        let producerID = Atomic(0)
        /// Values popped so far, as the producer saw it when its third push returned.
        let poppedWhenThirdReturned = Atomic(-1)
        let popped = Atomic(0)
        let producer = Thread {
            producerID.store(Self.currentThreadID(), ordering: .sequentiallyConsistent)
            for number in 0..<3 {
                queue.push(Item(number))
                if number == 2 { poppedWhenThirdReturned.store(popped.load(ordering: .sequentiallyConsistent), ordering: .sequentiallyConsistent) }
                pushed.add(1, ordering: .sequentiallyConsistent)
            }
        }
        producer.start()
        #expect(Self.eventually { pushed.load(ordering: .sequentiallyConsistent) == 2 })
        // The producer does nothing but push: asleep on a futex after two pushes, it is waiting inside the third.
        #expect(Self.eventually { Self.isWaitingOnFutex(producerID.load(ordering: .sequentiallyConsistent)) }, "the third push did not wait")
        #expect(pushed.load(ordering: .sequentiallyConsistent) == 2, "the third push did not wait for room")
        popped.store(1, ordering: .sequentiallyConsistent)
        #expect(queue.pop()?.number == 0)
        #expect(Self.eventually { pushed.load(ordering: .sequentiallyConsistent) == 3 })
        #expect(poppedWhenThirdReturned.load(ordering: .sequentiallyConsistent) == 1, "the third push returned before a value was taken")
        #expect(queue.pop()?.number == 1)
        #expect(queue.pop()?.number == 2)
    }

    @Test("A consumer that stops releases a waiting producer, and later pushes are refused")
    func abandoned() {
        let queue = HandoffQueue<Item>(capacity: 1)
        let first = queue.push(Item(0))
        #expect(first)
        let refused = Atomic(0)
        let producerID = Atomic(0)
        let producer = Thread {
            producerID.store(Self.currentThreadID(), ordering: .sequentiallyConsistent)
            if !queue.push(Item(1)) { refused.add(1, ordering: .sequentiallyConsistent) }
            if !queue.push(Item(2)) { refused.add(1, ordering: .sequentiallyConsistent) }
        }
        producer.start()
        // Abandoned while the producer waits for room (not before its push began).
        #expect(Self.eventually { Self.isWaitingOnFutex(producerID.load(ordering: .sequentiallyConsistent)) })
        #expect(refused.load(ordering: .sequentiallyConsistent) == 0)
        queue.abandon()
        #expect(Self.eventually { refused.load(ordering: .sequentiallyConsistent) == 2 })
    }

    /// Counts its live instances.
    final class Tracked {
        static let alive = Atomic(0)
        init() { Self.alive.add(1, ordering: .sequentiallyConsistent) }
        deinit { Self.alive.add(-1, ordering: .sequentiallyConsistent) }
    }

    @Test("A value taken from the queue is not kept alive by it (a decoded picture pins its buffers)")
    func releasesTakenValues() {
        let queue = HandoffQueue<Tracked>(capacity: 4)
        queue.push(Tracked())
        #expect(Tracked.alive.load(ordering: .sequentiallyConsistent) == 1, "the queue holds what it was given")
        do {
            let taken = queue.pop()
            #expect(taken != nil)
        }
        #expect(Tracked.alive.load(ordering: .sequentiallyConsistent) == 0, "the queue still holds a value it handed out")
    }
}
