import LecternHLS

/// How the watch page starts a lecture quickly and then stays on what the link sustains (numbers from the weak-link
/// lab, `scripts/lab/run.sh`).
///
/// Chromium's native HLS player walks master → video playlist → init + first segment → audio playlist → init + first
/// segment, one round trip after another, but takes each file from the HTTP cache when the page already fetched it.
/// So the page fetches all of them at once (`prefetch`: one round trip instead of five) and times those downloads
/// (Resource Timing) to measure the link before it hands a master to the player.
///
/// Chromium also starts on the lowest-`BANDWIDTH` video variant and then, fed by those near-instant cache hits,
/// jumps straight to the highest one listed: on a 256 kbps link it went 240p → 720p → 480p → 360p and stalled
/// three times in 40 s. What the master lists is therefore the decision. `master` is capped just above the floor
/// rung (floor, slides, audio-only: safe on any link the floor suits); the page may replace it with a higher cap
/// (`ladderKbps`) when its probe shows a faster link, or with `belowFloorKbps` (slides and audio-only) on a 2G link.
struct StartPlan: Sendable, Hashable, Encodable {
    /// The playback session (`?s=`) shared by every URI below, so the player's requests are the page's cache entries.
    var token: String
    /// The capped master, `/lectures/<id>/master.m3u8?max_kbps=<capKbps>&s=<token>`.
    var master: String
    var capKbps: Int
    /// What the player needs before its first frame when given `master`, in the order it asks (absolute paths).
    var prefetch: [String]
    /// `BANDWIDTH` of every ladder rung in kbps (rounded up), ascending (the floor first).
    var ladderKbps: [Int]
    /// A cap below the floor rung: the slides rung (if it fits) and audio-only remain.
    var belowFloorKbps: Int
    /// `BANDWIDTH` of the slides rung in kbps (rounded up), if the package has one.
    var slidesKbps: Int?

    /// Files of `prefetch` the page carries itself, by path: a media playlist as the server would answer it, an init
    /// section or segment in base64 (see `inlineLimit`); empty when the page is for the native path.
    var inline: [String: String] = [:]
    /// The files of `prefetch` not in `inline`, in the order the `Link` header announces them (see `linkOrder`); not
    /// sent to the page.
    var preloadOrder: [String]

    private enum CodingKeys: String, CodingKey {
        case token, master, capKbps, prefetch, ladderKbps, belowFloorKbps, slidesKbps, inline
    }

    /// At most this many bytes of init sections and first segments ride in the page (more would hold up the page's own
    /// first bytes); the playlists always do, when any file does (a 50-minute lecture's are ~45 kB, ~5 kB gzipped).
    ///
    /// For the MSE player the page carries the start level's playlists, init sections and first segments: they come
    /// on the page's own connection, which is open, in the round trip every new connection spends on its handshake
    /// and first request (on the weak-link lab's 256 kbps, 300 ms link the link stood idle ~0.35 s there). Only the
    /// master stays a preload. The page is gzipped, so base64 costs next to nothing on the wire.
    static let inlineLimit = 64 << 10

    /// The `Link` header sent with the page: the browser starts fetching `prefetch` as soon as the page's headers
    /// arrive, while the page itself is still on its way (the page's `fetch()` calls then take these responses). On a
    /// 256 kbps, 300 ms link that is about 90 ms earlier than the page's script could ask.
    var preloadHeader: String {
        preloadOrder.map { "<\($0)>; rel=preload; as=fetch; crossorigin" }.joined(separator: ", ")
    }

    /// How many connections Chromium opens to one server at most (HTTP/1.1).
    static let browserConnections = 6

    /// The order to announce the player's first files in, given their sizes (`files` in the order the player asks).
    ///
    /// Chromium gives a page at most six connections to a server. The page's own connection is open already; every
    /// other one costs a TCP handshake before its first byte (on the lab's 300 ms link the files on new connections
    /// arrive from ~1.4 s after navigation, the one on the page's connection at ~1.15 s). Which preload gets the page's
    /// connection depends on timing: the first one when the page has finished arriving before the preloads start (3G,
    /// fluctuating links), otherwise usually the sixth, which waits for it while the first five open new connections.
    /// So the largest file goes first, the second largest sixth, the others by size between them, and last (it waits for
    /// whichever connection frees first) the smallest of those the player asks for in its second half (the audio
    /// playlist or init section). On the weak link the first frame came at 2.03-2.09 s when a playlist took the page's
    /// connection and 1.88-1.95 s when a segment did (`bench/lab-start-order-40s.md`).
    static func linkOrder(_ files: [(path: String, size: Int)]) -> [String] {
        let bySize = files.indices.sorted { files[$0].size > files[$1].size }
        guard files.count >= browserConnections else { return bySize.map { files[$0].path } }
        var last: Int? = nil
        if files.count > browserConnections {
            last = files.indices.filter { $0 >= files.count / 2 && $0 != bySize[0] && $0 != bySize[1] }
                .min { files[$0].size < files[$1].size }
        }
        var order = [bySize[0]] + bySize.dropFirst(2).filter { $0 != last }
        order.insert(bySize[1], at: min(browserConnections - 1, order.count))
        if let last { order.append(last) }
        return order.map { files[$0].path }
    }

    /// Headroom of the start cap over the floor rung's `BANDWIDTH` (the next rung is well above it).
    static let startHeadroom = 1.25

    /// The start cap and where the player will start under it, from the package master alone; nil when the package
    /// has no video ladder (nothing to choose).
    static func start(for master: MultivariantPlaylist) -> (capKbps: Int, video: String, audio: String?)? {
        let ladder = master.variants.filter { AdaptivePolicy.role(of: $0) == .ladder }.map(\.bandwidth).sorted()
        guard let floor = ladder.first else { return nil }
        let capKbps = Int((Double(floor) * startHeadroom / 1000).rounded(.up))
        let listed = AdaptivePolicy.apply(Budget(kbps: Double(capKbps), tolerance: 1, signal: .maxKbps), to: master).variants
        // Chromium ignores audio-only variants while video ones exist and starts on the lowest BANDWIDTH.
        guard let first = listed.filter({ AdaptivePolicy.role(of: $0) != .audioOnly }).min(by: { $0.bandwidth < $1.bandwidth }) else {
            return nil
        }
        let group = master.renditions.filter { $0.type == .audio && $0.groupID == first.audio && $0.uri != nil }
        let audio = (group.first { $0.isDefault } ?? group.first)?.uri
        return (capKbps, first.uri, audio)
    }

    /// `uri` (relative to the lecture folder) as the absolute, session-tagged path the player will request.
    static func absolute(_ uri: String, lecture id: String, token: String) -> String {
        "/lectures/\(id)/" + SessionToken.tag(uri, token: token)
    }

    /// The URIs a media playlist at `playlistURI` leads to before the first frame: its init section and first segment,
    /// resolved against the playlist's folder.
    static func firstFiles(of playlist: MediaPlaylist, at playlistURI: String) -> [String] {
        guard let first = playlist.segments.first else { return [] }
        let folder = playlistURI.split(separator: "/").dropLast().joined(separator: "/")
        func resolved(_ uri: String) -> String { folder.isEmpty || uri.contains("://") ? uri : folder + "/" + uri }
        return (first.map.map { [resolved($0.uri)] } ?? []) + [resolved(first.uri)]
    }
}
