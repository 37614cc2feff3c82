public import LecternHLS
public import LecternPackage

/// Which renditions of a lecture a campus keeps, and the multivariant playlist rewritten to just those.
public struct RenditionSelection: Sendable, Hashable {
    /// Rendition folder names kept (video and audio).
    public var renditions: Set<String>
    public var master: MultivariantPlaylist
    /// Folders of the audio and subtitle languages left out (`subs-zh`, `audio-64k-zh`).
    public var droppedFolders: Set<String> = []

    /// Keeps the video variants at or below `maxKbps` (all when nil), or exactly `names` when given; always the lowest
    /// regular video variant (the floor) and the audio-only variant; plus the audio groups and I-frame playlists the
    /// kept variants need.
    /// With `languages`, only audio and subtitle renditions in those languages (or the lecture's own) are kept.
    public init(manifest: Manifest, master: MultivariantPlaylist, maxKbps: Int?, names: [String], languages: [String] = []) {
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
            !keptVideo.contains(where: { $0.uri == floor.uri })
        {
            keptVideo.append(floor)
        }
        let keptURIs = Set(keptVideo.map(\.uri) + audioOnly.map(\.uri))
        var variants = master.variants.filter { keptURIs.contains($0.uri) }
        let groups = Set(variants.compactMap(\.audio))
        let wanted = languages.isEmpty ? nil : languages + [manifest.language]
        func spoken(_ rendition: Rendition) -> Bool {
            guard let wanted, rendition.type == .audio || rendition.type == .subtitles else { return true }
            return wanted.contains { Self.matches(rendition.language ?? manifest.language, $0) }
        }
        let renditions = master.renditions.filter { ($0.type != .audio || groups.contains($0.groupID)) && spoken($0) }
        // A variant may not name a subtitle group that no longer exists (RFC 8216, 4.3.4.2).
        let subtitleGroups = Set(renditions.filter { $0.type == .subtitles }.map(\.groupID))
        for index in variants.indices where variants[index].subtitles.map({ !subtitleGroups.contains($0) }) == true {
            variants[index].subtitles = nil
        }
        droppedFolders = Set(master.renditions.filter { !spoken($0) }.compactMap { $0.uri.map(folder) })
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
            guard !droppedFolders.contains(top) else { return false }
            return !entry.path.contains("/") || !all.contains(top) || renditions.contains(top)
        }
    }

    /// `fr` keeps `fr` and `fr-CA`; case-insensitive as BCP 47 says.
    static func matches(_ tag: String, _ wanted: String) -> Bool {
        let tag = tag.lowercased()
        let wanted = wanted.lowercased()
        return tag == wanted || tag.hasPrefix(wanted + "-")
    }
}
