public import LecternHLS

/// Reorders and trims a package's multivariant playlist for one client (pure; unit-tested without a server).
///
/// The package lists: the floor rung, 360p/480p/720p by bandwidth, the slides rung (≤ 5 fps), then the audio-only
/// variant (no `RESOLUTION`). With a budget:
/// - the best ladder rung whose `BANDWIDTH` fits goes first (players such as hls.js and Apple's start on the first);
/// - ladder rungs above `budget × tolerance` are dropped; the floor is kept while the budget reaches it;
/// - the slides rung is kept only for clients near the floor (a cheap fallback), the audio-only variant always;
/// - below the floor, only the slides rung (if it fits) and audio-only remain, because Chromium starts on the lowest
///   video variant and never falls back to audio-only on its own.
/// Without a budget the playlist is returned unchanged.
public enum AdaptivePolicy {
    /// Variant roles, from the playlist alone.
    enum Role {
        case ladder, slides, audioOnly
    }

    static func role(of variant: VariantStream) -> Role {
        if variant.resolution == nil,
            variant.codecs.isEmpty
                || variant.codecs.allSatisfy({ $0.hasPrefix("mp4a") || $0.hasPrefix("ac-3") || $0.hasPrefix("ec-3") || $0.hasPrefix("opus") })
        {
            return .audioOnly
        }
        if let frameRate = variant.frameRate, frameRate <= 5 { return .slides }
        if variant.uri.hasPrefix("slides/") { return .slides }
        return .ladder
    }

    /// The playlist to send a client with this budget: `master` reordered and trimmed by the rules above, or unchanged
    /// when there is no budget.
    public static func apply(_ budget: Budget?, to master: MultivariantPlaylist) -> MultivariantPlaylist {
        guard let budget else { return master }
        var result = master
        result.variants = select(budget, from: master.variants)
        return result
    }

    static func select(_ budget: Budget, from variants: [VariantStream]) -> [VariantStream] {
        let ladder = variants.filter { role(of: $0) == .ladder }.sorted { $0.bandwidth < $1.bandwidth }
        let slides = variants.filter { role(of: $0) == .slides }.sorted { $0.bandwidth > $1.bandwidth }
        let audioOnly = variants.filter { role(of: $0) == .audioOnly }
        let available = budget.bitsPerSecond
        guard let floor = ladder.first else {
            // No ladder: slides that fit (or the lowest), then audio.
            let fitting = slides.filter { Double($0.bandwidth) <= available }
            let chosen = fitting.isEmpty && audioOnly.isEmpty ? Array(slides.suffix(1)) : fitting
            return chosen + audioOnly
        }
        if available < Double(floor.bandwidth) {
            let fitting = slides.filter { Double($0.bandwidth) <= available }.prefix(1)
            if fitting.isEmpty, audioOnly.isEmpty { return [floor] }
            return Array(fitting) + audioOnly
        }
        let best = ladder.last { Double($0.bandwidth) <= available } ?? floor
        let limit = available * budget.tolerance
        let others = ladder.filter { $0 != best && Double($0.bandwidth) <= limit }
        let keptSlides = available < Double(floor.bandwidth) * 1.5 ? slides : []
        return [best] + others + keptSlides + audioOnly
    }
}
