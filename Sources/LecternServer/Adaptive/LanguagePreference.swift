import LecternHLS

/// `?audio=<lang>` and `?subtitles=<lang>` on the master: the learner's language becomes the `DEFAULT` (and first) rendition
/// of every group that offers it. Players that never show a language menu (Chromium's native HLS) play the default, so
/// this is how a page switches a lecture's language; every other language stays listed for players that do offer one.
enum LanguagePreference {
    /// Whether `tag` may be used as a preference (a BCP-47-shaped tag, nothing a playlist attribute could be broken with).
    static func isUsable(_ tag: String) -> Bool {
        (1...35).contains(tag.utf8.count)
            && tag.utf8.allSatisfy { byte in
                byte == UInt8(ascii: "-") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
    }

    /// Makes `language` the default of each `type` group holding it; groups without it are left as they are.
    /// For subtitles, "off" clears every default so that no track is preselected.
    static func prefer(_ language: String, type: RenditionType, in playlist: inout MultivariantPlaylist) {
        let off = type == .subtitles && language.lowercased() == "off"
        let groups = Set(playlist.renditions.filter { $0.type == type }.map(\.groupID))
        for group in groups {
            let members = playlist.renditions.indices.filter { playlist.renditions[$0].type == type && playlist.renditions[$0].groupID == group }
            let chosen = members.first { Self.matches(playlist.renditions[$0].language, language) }
            guard off || chosen != nil else { continue }
            for index in members {
                let isChosen = index == chosen
                playlist.renditions[index].isDefault = isChosen
                if isChosen { playlist.renditions[index].autoselect = true }
            }
            // The chosen rendition first in its group: some players take the first rather than the default.
            if let chosen, let first = members.first, chosen != first {
                let rendition = playlist.renditions.remove(at: chosen)
                playlist.renditions.insert(rendition, at: first)
            }
        }
    }

    /// `fr` matches `fr` and `fr-CA`; case-insensitive as BCP 47 says.
    static func matches(_ tag: String?, _ wanted: String) -> Bool {
        guard let tag = tag?.lowercased() else { return false }
        let wanted = wanted.lowercased()
        return tag == wanted || tag.hasPrefix(wanted + "-")
    }
}
