import Foundation
import LecternPackage
import LecternSearch
import Synchronization

/// The library's search index, kept up to date: rebuilt when `lectures/` changes (a package published, replaced or
/// removed renames a folder in it) or every five minutes at most, reading again only the lectures whose manifest
/// changed. Queries in the meantime use the index they find; the first one waits for the first build.
final class LibrarySearch: Sendable {
    private struct State {
        var index: SearchIndex?
        var stamp: Date?
        var builtAt = ContinuousClock.now
        var building: Task<SearchIndex, Never>?
        /// Each lecture's text with the manifest's modification time it was read at.
        var texts: [String: (modified: Date, text: LectureText)] = [:]
    }

    let library: Library
    private let state = Mutex(State())
    static let maximumAge = Duration.seconds(300)

    init(library: Library) {
        self.library = library
    }

    /// The best matches of `query` across the library.
    func search(_ query: String, limit: Int = 20) async -> [SearchHit] {
        await index().search(query, limit: limit)
    }

    /// The current index: a fresh one when none was built yet, else the last built (a rebuild starts in the background
    /// when the library changed).
    func index() async -> SearchIndex {
        let stamp = modification(of: library.lecturesURL)
        let (current, task) = state.withLock { state -> (SearchIndex?, Task<SearchIndex, Never>?) in
            let stale = state.index == nil || state.stamp != stamp || ContinuousClock.now - state.builtAt > Self.maximumAge
            if stale, state.building == nil {
                state.building = Task.detached { [self] in rebuild(stamp: stamp) }
            }
            return (state.index, state.building)
        }
        if let current { return current }
        return await task!.value
    }

    /// Reads what changed and builds a new index.
    private func rebuild(stamp: Date?) -> SearchIndex {
        let manifests = (try? library.listLectures()) ?? []
        let known = state.withLock { $0.texts }
        var texts: [String: (modified: Date, text: LectureText)] = [:]
        for manifest in manifests {
            let folder = library.lectureURL(manifest.id)
            let modified = modification(of: folder.appendingPathComponent(Manifest.fileName)) ?? .distantPast
            if let cached = known[manifest.id], cached.modified == modified {
                texts[manifest.id] = cached
            } else {
                texts[manifest.id] = (modified, LectureText(manifest: manifest, package: folder))
            }
        }
        let index = SearchIndex(manifests.compactMap { texts[$0.id]?.text })
        state.withLock { state in
            state.index = index
            state.stamp = stamp
            state.builtAt = .now
            state.building = nil
            state.texts = texts
        }
        return index
    }

    private func modification(of url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
