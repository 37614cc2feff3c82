import LecternPackage

/// What a request under `/lectures/` asks for. The router's `LectureFilesController` and the event-loop
/// `HotFileChannelHandler` both ask this one decision, so the two entrances cannot disagree on what a path is.
enum LectureRoute {
    /// `master.m3u8` without `?original`: generated for this client by `AdaptiveMasterResponder`.
    case adaptiveMaster(id: String, file: PackageFile)
    /// A playlist requested with a session token (`?s=`): its URIs are tagged with the token (`SessionPlaylistResponder`).
    case sessionPlaylist(PackageFile, token: String)
    /// Any other file of the package as stored (`?original` masters included); a segment carries its playback session,
    /// named by `?s=` or the session cookie.
    case file(PackageFile, session: SegmentSession)

    /// The route of a raw request target: `path` is `/lectures/<id>/<component>...` without the query, never decoded
    /// before this; `query` is what follows `?`; `cmcd` is the `CMCD-Request` header. Throws 404 when it names no
    /// package file, 400 when its percent-encoding is broken. A segment request's CMCD report (header or `?CMCD=`)
    /// is recorded in the server's metrics.
    static func decide(
        path rawPath: Substring,
        query: Substring?,
        cookie: @autoclosure () -> String?,
        cmcd: @autoclosure () -> String? = nil,
        services: ServerServices
    ) throws(HTTPFailure) -> LectureRoute {
        let (id, path) = try locate(rawPath)
        let file = try services.resolver.resolve(id: id, path: path)
        // `?original` is for `lectern mirror`: the package's master exactly as stored, so its SHA-256 matches the manifest.
        if path.components == ["master.m3u8"], !hasParameter("original", in: query) {
            return .adaptiveMaster(id: id, file: file)
        }
        let queryToken = query.flatMap(SessionToken.fromQuery)
        if path.fileExtension == "m3u8", let queryToken {
            return .sessionPlaylist(file, token: queryToken)
        }
        guard MediaTypes.isSegment(path) else { return .file(file, session: .none) }
        if let report = cmcd() ?? value(of: "CMCD", in: query).map(ClientSignals.percentDecoded) {
            services.metrics.recordPlayerReport(ClientSignals.parseCMCD(report))
        }
        return .file(file, session: SegmentSession(token: queryToken ?? SessionToken.fromCookie(cookie()), tracker: services.tracker))
    }

    /// The lecture id and package path of a raw request path (`/lectures/<id>/<component>...`, no query): 404 when it
    /// is not one, 400 when its percent-encoding is broken.
    static func locate(_ rawPath: Substring) throws(HTTPFailure) -> (id: String, path: PackagePath) {
        let raw = rawPath.split(separator: "/", omittingEmptySubsequences: false)
        // ["", "lectures", id, ...]
        guard raw.count >= 4, raw[0].isEmpty, raw[1] == "lectures" else { throw HTTPFailure.notFound() }
        let id = String(raw[2])
        guard LectureID.isValid(id) else { throw HTTPFailure.notFound() }
        do {
            return (id, try PackagePath.parse(raw[3...]))
        } catch .malformed {
            throw HTTPFailure.badRequest("malformed path")
        } catch {
            throw HTTPFailure.notFound()
        }
    }

    /// Whether the query names `name` as a key, read as Hummingbird reads keys (up to `=`, not percent-decoded).
    static func hasParameter(_ name: String, in query: Substring?) -> Bool {
        guard let query else { return false }
        return query.split(separator: "&").contains { item in (item.firstIndex(of: "=").map { item[..<$0] } ?? item[...]) == name }
    }

    /// The raw (not percent-decoded) value of the first `name=` in the query.
    static func value(of name: String, in query: Substring?) -> String? {
        guard let query else { return nil }
        for item in query.split(separator: "&") {
            guard let equals = item.firstIndex(of: "="), item[..<equals] == name else { continue }
            return String(item[item.index(after: equals)...])
        }
        return nil
    }
}
