import Hummingbird
import LecternHLS

/// A media playlist requested with `?s=<token>` (as the adaptive master lists it): every segment and init-section
/// URI gets the same `?s=<token>`, so the player's segment requests name their playback session while the paths stay
/// those of the plain files (a CDN can cache segments once by ignoring the query string).
struct SessionPlaylistResponder: Sendable {
    let services: ServerServices

    func respond(to request: Request, context: some RequestContext, file: PackageFile, token: String) async throws -> Response {
        let original = try await services.files.readWhole(file, context: context)
        guard let tagged = Self.tagged(String(buffer: original), token: token) else {
            return try await services.files.respond(to: request, context: context, file: file)
        }
        var headers: HTTPFields = [
            .contentType: MediaTypes.contentType(for: file.packagePath),
            .cacheControl: "private, max-age=10",
            .lastModified: HTTPDate.format(file.modified),
        ]
        let body = Gzip.encode(ByteBuffer(string: tagged), for: request.headers, headers: &headers)
        headers.removeVaryAcceptEncoding()  // private to this session: see the function
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }

    /// Media playlist `text` with `?s=<token>` on every segment and init-section URI; nil when it does not parse.
    static func tagged(_ text: String, token: String) -> String? {
        guard var playlist = try? PlaylistParser.parseMedia(text) else { return nil }
        for index in playlist.segments.indices {
            playlist.segments[index].uri = SessionToken.tag(playlist.segments[index].uri, token: token)
            if let map = playlist.segments[index].map {
                playlist.segments[index].map?.uri = SessionToken.tag(map.uri, token: token)
            }
        }
        return PlaylistWriter.write(playlist)
    }
}
