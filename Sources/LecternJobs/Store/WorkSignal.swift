/// Wakes the workers of this process when a job can be claimed, so they need not poll often.
actor WorkSignal {
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0
    /// An announcement no one was waiting for: the next wait returns at once, so work announced between a worker's
    /// empty claim and its wait is not slept through (at worst a worker claims once for nothing).
    private var pending = false

    /// Wakes every waiting worker (or the next one to wait).
    func announce() {
        guard !waiters.isEmpty else {
            pending = true
            return
        }
        let woken = waiters.values
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    /// Returns at the next `announce()`, after `timeout`, or when the task is cancelled.
    nonisolated func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForAnnouncement() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForAnnouncement() async {
        if pending {
            pending = false
            return
        }
        let id = nextID
        nextID += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
