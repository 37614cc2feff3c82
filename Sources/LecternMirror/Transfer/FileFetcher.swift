import Foundation
import LecternPackage

/// Fetches one file into a lecture's download cache: resumes a partial file, retries with exponential backoff over a
/// failing link, checks the SHA-256 as the bytes arrive, and on a mismatch fetches the file once more from byte 0.
struct FileFetcher: Sendable {
    /// How one file ended.
    struct Outcome: Sendable {
        var received = 0
        var resumed = 0
        /// Why the file is not available (its lecture cannot be published in this run), or nil when verified.
        var error: String?
        /// The origin stopped answering (every attempt failed without progress): other files would fare no better.
        var originDown = false
    }

    let origin: any MirrorOrigin
    let attempts: Int
    let backoff: Duration
    let meter: TransferMeter

    func fetch(_ entry: FileEntry, of id: String, cache: DownloadCache) async throws(MirrorError) -> Outcome {
        if cache.has(entry) { return Outcome() }
        try cache.prepare()
        let file = try PartialFile(url: cache.partial(entry), expected: entry, meter: meter)
        var outcome = Outcome(resumed: file.resumed)
        defer { file.close() }
        var failures = 0
        var refetched = false
        func fail(_ reason: String) -> Outcome {
            outcome.received = file.received
            outcome.error = "\(id)/\(entry.path): \(reason)"
            return outcome
        }
        func mismatch(_ reason: String) throws(MirrorError) -> Bool {
            // Fetched once more from byte 0: the bytes kept from before may have been the wrong ones.
            guard !refetched else { return false }
            refetched = true
            try file.restart()
            return true
        }
        while true {
            if Task.isCancelled { return fail("cancelled") }
            if file.size == entry.size {
                if file.digest == entry.sha256 {
                    file.close()
                    do { try FileManager.default.moveItem(at: cache.partial(entry), to: cache.verified(entry)) } catch {
                        throw MirrorError(.targetFailed, "\(cache.verified(entry).path): cannot rename: \((error as NSError).localizedDescription)")
                    }
                    outcome.received = file.received
                    return outcome
                }
                guard try mismatch("SHA-256") else {
                    try? FileManager.default.removeItem(at: cache.partial(entry))
                    return fail("SHA-256 differs from the origin's manifest, twice; the lecture was not published")
                }
                continue
            }
            let before = file.size
            do {
                try await origin.fetch(entry.path, of: id, into: file)
                if file.size < entry.size { throw TransferFailure.retryable("the response ended after \(file.size) of \(entry.size) bytes") }
            } catch let error as MirrorError {
                throw error
            } catch TransferFailure.integrity(let reason) {
                guard try mismatch(reason) else {
                    try? FileManager.default.removeItem(at: cache.partial(entry))
                    return fail("\(reason); the lecture was not published")
                }
            } catch TransferFailure.permanent(let reason) {
                return fail(reason)
            } catch TransferFailure.retryable(let reason) {
                // Progress resets the count: a long transfer over a flaky link keeps going as long as it advances.
                failures = file.size > before ? 1 : failures + 1
                guard failures < attempts else {
                    outcome.originDown = true
                    return fail("\(reason) (after \(attempts) attempts)")
                }
                do { try await Task.sleep(for: Retry.delay(after: failures, backoff: backoff)) } catch { return fail("cancelled") }
            } catch is CancellationError {
                return fail("cancelled")
            } catch {
                return fail("\(error)")
            }
        }
    }
}
