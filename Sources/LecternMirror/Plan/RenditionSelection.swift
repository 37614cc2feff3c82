public import LecternHLS
public import LecternPackage

/// Which renditions of a lecture a campus keeps, and the multivariant playlist rewritten to just those.
public struct RenditionSelection: Sendable, Hashable {
    /// Rendition folder names kept (video and audio).
    public var renditions: Set<String>
    public var master: MultivariantPlaylist

    /// Keeps the video variants at or below `maxKbps` (all when nil), or exactly `names` when given; always the lowest
    /// regular video variant (the floor) and the audio-only variant; plus the audio groups and I-frame playlists the
    /// kept variants need.
    public init(manifest: Manifest, master: MultivariantPlaylist, maxKbps: Int?, names: [String]) {
        func folder(_ uri: String) -> String { String(uri.split(separator: "/").first ?? Substring(uri)) }
        let video = master.variants.filter { $0.resolution != nil }
        let audioOnly = master.variants.filter { $0.resolution == nil }
        var keptVideo: [VariantStream]
        if !names.isEmpty {
            keptVideo = video.filter { names.contains(folder($0.uri)) }
        } else if let maxKbps {
            keptVideo = video.filter { $0.bandwidth <= maxKbps * 1000 }
        } else {
            keptVideo = video
        }
        // The floor: the lowest-bandwidth video variant at a normal frame rate (not the slides rung), kept always.
        let regular = video.filter { ($0.frameRate ?? 30) >= 10 }
        if let floor = (regular.isEmpty ? video : regular).min(by: { $0.bandwidth < $1.bandwidth }),
           !keptVideo.contains(where: { $0.uri == floor.uri }) {
            keptVideo.append(floor)
        }
        let keptURIs = Set(keptVideo.map(\.uri) + audioOnly.map(\.uri))
        let variants = master.variants.filter { keptURIs.contains($0.uri) }
        let groups = Set(variants.compactMap(\.audio))
        let renditions = master.renditions.filter { $0.type != .audio || groups.contains($0.groupID) }
        let videoFolders = Set(keptVideo.map { folder($0.uri) })
        let iFrames = master.iFrameStreams.filter { videoFolders.contains(folder($0.uri)) }
        var rewritten = master
        rewritten.variants = variants
        rewritten.renditions = renditions
        rewritten.iFrameStreams = iFrames
        self.master = rewritten
        self.renditions = Set(variants.map { folder($0.uri) } + renditions.compactMap { $0.uri.map(folder) })
            .intersection(Set(manifest.renditions.map(\.name)))
    }

    /// The origin's files this selection needs (everything outside rendition folders, and the kept folders), without
    /// `master.m3u8`, which is rewritten.
    public func files(of manifest: Manifest) -> [FileEntry] {
        let all = Set(manifest.renditions.map(\.name))
        return manifest.files.filter { entry in
            guard entry.path != "master.m3u8" else { return false }
            let top = String(entry.path.split(separator: "/").first ?? "")
            return !entry.path.contains("/") || !all.contains(top) || renditions.contains(top)
        }
    }
}
