import Foundation
public import Hummingbird
import LecternHLS
import LecternPackage
import Logging

/// `/api/lectures` and `/api/lectures/<id>`: the catalog as JSON, read from disk on every request so lectures
/// published while the server runs appear at once.
public struct CatalogController<Context: RequestContext>: Sendable {
    let services: ServerServices

    /// A controller over `services`' library; `buildRouter` mounts it at `/api/lectures`.
    public init(services: ServerServices) {
        self.services = services
    }

    /// The list, one lecture, and one lecture's subtitles joined (`<id>/subtitles/<n>.vtt`), relative to the mount path.
    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, _ in try self.list(request) }
        routes.get("{id}") { request, context in try self.show(request, id: context.parameters.require("id")) }
        routes.get("{id}/subtitles/{file}") { request, context in
            try await self.subtitles(request, context: context, id: context.parameters.require("id"), file: context.parameters.require("file"))
        }
        return routes
    }

    func list(_ request: Request) throws -> Response {
        let lectures: [Manifest]
        do {
            lectures = try services.library.listLectures()
        } catch {
            services.logger.error("Cannot list the library", metadata: ["error.message": "\(error)"])
            throw HTTPFailure(.serviceUnavailable, "library unavailable")
        }
        return try Self.json(["lectures": lectures.map { LectureSummary($0) }], for: request)
    }

    func show(_ request: Request, id: String) throws -> Response {
        guard LectureID.isValid(id), services.library.contains(id), let manifest = try? services.library.manifest(id) else {
            throw HTTPFailure.notFound()
        }
        return try Self.json(LectureSummary(manifest, withText: true), for: request)
    }

    /// `/api/lectures/<id>/subtitles/<n>.vtt`: the n-th subtitle track as one WebVTT file, its segments' cues in order
    /// without the copies a cue leaves in every segment it spans. Players whose native HLS hides subtitle renditions
    /// (Chromium) get them through a page's `<track>`; the cue times are the lecture's, as the video plays them.
    func subtitles(_ request: Request, context: some RequestContext, id: String, file: String) async throws -> Response {
        guard LectureID.isValid(id), file.hasSuffix(".vtt"), let number = Int(file.dropLast(4)), number >= 1,
            let manifest = try? services.library.manifest(id), let tracks = manifest.subtitles, number <= tracks.count,
            let playlistPath = PackagePath(relative: tracks[number - 1].playlist)
        else { throw HTTPFailure.notFound() }
        let playlistFile = try services.resolver.resolve(id: id, path: playlistPath)
        let key = "\(id)/\(number)/\(playlistFile.entityTag)"
        let joined: String
        if let cached = services.subtitles.text(forKey: key) {
            joined = cached
        } else {
            let playlistText = String(buffer: try await services.files.readWhole(playlistFile, context: context))
            guard let playlist = try? PlaylistParser.parseMedia(playlistText) else {
                throw HTTPFailure(.serviceUnavailable, "subtitle playlist does not parse")
            }
            var segments: [String] = []
            for segment in playlist.segments {
                guard let path = PackagePath(relative: playlistPath.sibling(segment.uri)) else { throw HTTPFailure.notFound() }
                segments.append(
                    String(buffer: try await services.files.readWhole(try services.resolver.resolve(id: id, path: path), context: context))
                )
            }
            joined = WebVTTJoiner.join(segments)
            services.subtitles.store(joined, forKey: key)
        }
        var headers: HTTPFields = [.contentType: "text/vtt; charset=utf-8", .cacheControl: "public, max-age=60"]
        let body = Gzip.encode(ByteBuffer(string: joined), for: request.headers, headers: &headers)
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }

    static func json(_ value: some Encodable, for request: Request) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=10"]
        let body = Gzip.encode(ByteBuffer(bytes: data), for: request.headers, headers: &headers)
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }
}
