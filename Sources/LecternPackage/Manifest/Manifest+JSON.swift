public import Foundation

extension Manifest {
    /// Decodes and validates `manifest.json` bytes.
    /// - Parameter path: named in error messages (the file the bytes came from).
    public init(jsonData: Data, path: String = Manifest.fileName) throws(PackageError) {
        do {
            self = try JSONDecoder().decode(Manifest.self, from: jsonData)
        } catch {
            throw PackageError(code: .invalidManifest, message: "\(path): not a valid lecture manifest", path: path, cause: error)
        }
        try validate(path: path)
    }

    /// Reads and validates a `manifest.json` file.
    public init(contentsOf url: URL) throws(PackageError) {
        let filePath = FileSystem.path(url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PackageError(code: .invalidManifest, message: "\(filePath): cannot read lecture manifest", path: filePath, cause: error)
        }
        try self.init(jsonData: data, path: filePath)
    }

    /// The deterministic JSON form: pretty-printed, sorted keys, unescaped slashes, ending with a newline.
    public func jsonData() throws(PackageError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(UInt8(ascii: "\n"))
            return data
        } catch {
            throw PackageError(code: .invalidManifest, message: "\(id): cannot encode lecture manifest", path: id, cause: error)
        }
    }

    /// Writes `jsonData()` to `url` (atomically: a temporary file renamed over the destination).
    public func write(to url: URL) throws(PackageError) {
        let data = try jsonData()
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            let filePath = FileSystem.path(url)
            throw PackageError(code: .ioFailure, message: "\(filePath): cannot write lecture manifest", path: filePath, cause: error)
        }
    }

    /// Checks what decoding cannot: known format version, safe id and paths, unique names, well-formed checksums.
    /// - Parameter path: named in error messages.
    public func validate(path: String = Manifest.fileName) throws(PackageError) {
        func invalid(_ reason: String) -> PackageError {
            PackageError(code: .invalidManifest, message: "\(path): \(reason)", path: path)
        }
        guard formatVersion <= Manifest.currentFormatVersion else {
            throw invalid("format version \(formatVersion) is newer than this Lectern understands (\(Manifest.currentFormatVersion))")
        }
        guard formatVersion >= 1 else { throw invalid("format version \(formatVersion) is not valid") }
        guard LectureID.isValid(id) else { throw invalid("lecture id \"\(id)\" is not a valid id") }
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw invalid("title is empty") }
        guard !language.isEmpty,
            language.utf8.allSatisfy({
                $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
            })
        else { throw invalid("language \"\(language)\" is not a BCP-47 tag") }
        guard duration.isFinite, duration >= 0 else { throw invalid("duration \(duration) is not a number of seconds") }

        var renditionNames: Set<String> = []
        for rendition in renditions {
            guard renditionNames.insert(rendition.name).inserted else { throw invalid("rendition \"\(rendition.name)\" is listed twice") }
            for playlist in [rendition.playlist, rendition.iFramePlaylist].compactMap({ $0 }) {
                guard FileSystem.isSafeRelativePath(playlist) else {
                    throw invalid("rendition \"\(rendition.name)\" playlist \"\(playlist)\" is not a relative path inside the package")
                }
            }
        }

        func isTag(_ tag: String) -> Bool {
            !tag.isEmpty
                && tag.utf8.allSatisfy({
                    $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                })
        }
        for track in audioTracks ?? [] where !isTag(track.language) { throw invalid("audio language \"\(track.language)\" is not a BCP-47 tag") }
        var subtitlePlaylists: Set<String> = []
        for track in subtitles ?? [] {
            guard isTag(track.language) else { throw invalid("subtitle language \"\(track.language)\" is not a BCP-47 tag") }
            guard subtitlePlaylists.insert(track.playlist).inserted else { throw invalid("subtitle playlist \"\(track.playlist)\" is listed twice") }
            guard FileSystem.isSafeRelativePath(track.playlist) else {
                throw invalid("subtitle playlist \"\(track.playlist)\" is not a relative path inside the package")
            }
        }

        for (index, chapter) in (chapters ?? []).enumerated() {
            guard chapter.start.isFinite, chapter.start >= 0 else { throw invalid("chapter \(index + 1) starts at \(chapter.start), not a time") }
            if let thumbnail = chapter.thumbnail, !FileSystem.isSafeRelativePath(thumbnail) {
                throw invalid("chapter \(index + 1) thumbnail \"\(thumbnail)\" is not a relative path inside the package")
            }
        }

        var paths: Set<String> = []
        for file in files {
            guard FileSystem.isSafeRelativePath(file.path) else { throw invalid("file \"\(file.path)\" is not a relative path inside the package") }
            guard file.path != Manifest.fileName else { throw invalid("lists itself as a file") }
            guard paths.insert(file.path).inserted else { throw invalid("file \"\(file.path)\" is listed twice") }
            guard file.size >= 0 else { throw invalid("file \"\(file.path)\" has a negative size") }
            guard SHA256Hasher.isValidDigest(file.sha256) else { throw invalid("file \"\(file.path)\" has a malformed SHA-256") }
        }
    }
}
