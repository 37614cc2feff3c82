import Foundation
import LecternHLS
import LecternPackage

extension AddTrack {
    /// Writes `tracks` into staging on the lecture's segment spans and lists them in the master and the manifest, in
    /// place of the `replaced` tracks of the same languages.
    static func addSubtitles(
        _ tracks: [SubtitleTrack],
        replacing replaced: [SubtitleInfo],
        to manifest: inout Manifest,
        master: inout MultivariantPlaylist,
        reference: Reference,
        staging: URL
    ) throws {
        guard !tracks.isEmpty else { return }
        let replacedURIs = Set(replaced.map(\.playlist))
        let kept = (manifest.subtitles ?? []).filter { !replacedURIs.contains($0.playlist) }
        let added = try SubtitleWriter.write(
            tracks,
            spans: reference.spans,
            mediaTimestamp: reference.mediaTimestamp,
            duration: manifest.duration,
            folder: staging,
            existing: kept
        )
        manifest.subtitles = kept + added
        master.renditions.removeAll { $0.type == .subtitles && replacedURIs.contains($0.uri ?? "") }
        for track in added {
            master.renditions.append(
                Rendition(
                    type: .subtitles,
                    groupID: PlaylistBuilder.subtitleGroup,
                    language: track.language,
                    name: track.name,
                    isDefault: false,
                    autoselect: true,
                    uri: track.playlist
                )
            )
        }
        for index in master.variants.indices { master.variants[index].subtitles = PlaylistBuilder.subtitleGroup }
    }
}
