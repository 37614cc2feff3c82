import Hummingbird

extension HTTPFields {
    /// Drops `Accept-Encoding` from `Vary` on a response that only the asking browser may cache (`private`, one
    /// playback session). A browser decodes gzip in its network stack whatever the later request says, so the
    /// stored copy suits every request of the page; but Chromium compares `Vary`'d headers literally, and its media
    /// requests (`gzip, identity;q=1, *;q=0`) never match `fetch()`'s (`gzip, deflate, br, zstd`): with the header,
    /// the playlists the watch page fetched ahead of the player were fetched again, one round trip each.
    mutating func removeVaryAcceptEncoding() {
        guard let vary = self[.vary] else { return }
        let kept = vary.split(separator: ",").map { $0.trimmingSpaces }.filter { $0.lowercased() != "accept-encoding" }
        self[.vary] = kept.isEmpty ? nil : kept.joined(separator: ", ")
    }
}
