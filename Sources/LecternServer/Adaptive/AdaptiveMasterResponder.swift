import Foundation
import Hummingbird
import HummingbirdCore
import LecternHLS
import Logging

/// `GET /lectures/<id>/master.m3u8`: the package's master, parsed with LecternHLS, trimmed and reordered for this
/// client by `AdaptivePolicy`, with every URI tagged with this session's token (`...?s=<token>`).
struct AdaptiveMasterResponder: Sendable {
    let services: ServerServices

    func respond(to request: Request, context: some RequestContext, id: String, file: PackageFile) async throws -> Response {
        guard let master = try await Self.parsedMaster(file, id: id, services: services, context: context) else {
            // Not ours to fix: serve the file as it is.
            services.logger.warning("Master playlist does not parse; serving it unchanged", metadata: ["lecture.id": "\(id)"])
            return try await services.files.respond(to: request, context: context, file: file)
        }
        let (headers, body) = Self.answer(
            method: request.method,
            uri: request.uri,
            headers: request.headers,
            id: id,
            file: file,
            master: master,
            services: services,
            logger: context.logger
        )
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }

    /// The adaptive master for one GET or HEAD (status 200): headers, with Content-Length, and the body. Synchronous once the
    /// master is parsed, so `HotFileChannelHandler` answers with it on the event loop too.
    static func answer(
        method: HTTPRequest.Method,
        uri: URI,
        headers request: HTTPFields,
        id: String,
        file: PackageFile,
        master: MultivariantPlaylist,
        services: ServerServices,
        logger: Logger
    ) -> (HTTPFields, ByteBuffer) {
        let query = uri.queryParameters
        let queryToken = uri.query.flatMap { SessionToken.fromQuery($0[...]) }
        let token = queryToken ?? SessionToken.fromCookie(request[.cookie]) ?? SessionToken.make()
        var signals = ClientSignals(query: query, headers: request)
        signals.measuredKbps = services.tracker.estimateKbps(token: token)
        let budget = signals.budget
        let variants = budget.map { AdaptivePolicy.select($0, from: master.variants) } ?? master.variants
        let languages = [("audio", RenditionType.audio), ("subtitles", .subtitles)].compactMap { name, type -> (String, String, RenditionType)? in
            guard let wanted = query[Substring(name)].map(String.init), LanguagePreference.isUsable(wanted) else { return nil }
            return (name, wanted, type)
        }
        // What this client's master depends on besides the token; the same choice is written once per lecture version.
        let key = (variants.map(\.uri) + languages.map { "\($0.0)=\($0.1)" }).joined(separator: "\n")
        let pieces =
            services.masters.rendered(id: id, entityTag: file.entityTag, key: key)
            ?? {
                var adapted = master
                adapted.variants = variants
                for (_, wanted, type) in languages { LanguagePreference.prefer(wanted, type: type, in: &adapted) }
                Self.moveUnderSession(&adapted, token: Self.tokenPlaceholder)
                let pieces = PlaylistWriter.write(adapted).components(separatedBy: Self.tokenPlaceholder)
                services.masters.storeRendered(pieces, id: id, entityTag: file.entityTag, key: key)
                return pieces
            }()
        let signal = budget?.signal ?? .none
        services.metrics.recordDecision(signal)
        logger.debug(
            "Adaptive master",
            metadata: [
                "lecture.id": "\(id)", "adaptive.signal": "\(signal.rawValue)",
                "adaptive.kbps": "\(budget.map { String(Int($0.kbps)) } ?? "-")",
                "adaptive.variants": "\(variants.map(\.uri).joined(separator: " "))",
            ]
        )

        var headers: HTTPFields = [
            .contentType: "application/vnd.apple.mpegurl",
            // A master asked for with `?s=<token>` belongs to one page view (the watch page fetches it before the
            // player does, see `StartPlan`): the browser may reuse it. Without a token it is revalidated every time.
            .cacheControl: queryToken == nil ? "private, no-cache" : "private, max-age=60",
            HeaderName.acceptCH: ClientSignals.acceptClientHints,
            .setCookie: "\(SessionToken.cookieName)=\(token); Path=/; Max-Age=3600; SameSite=Lax",
            HeaderName.lecternAdaptive: "signal=\(signal.rawValue)" + (budget.map { "; kbps=\(Int($0.kbps.rounded()))" } ?? ""),
            // With a token the master is private to one page view: see `removeVaryAcceptEncoding`.
            .vary: queryToken == nil ? Self.vary : Self.varyWithoutEncoding,
        ]
        var text = ByteBuffer()
        text.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count } + (pieces.count - 1) * token.utf8.count)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { text.writeString(token) }
            text.writeString(piece)
        }
        let body = Gzip.compressIfAccepted(text, for: request, headers: &headers)
        headers[.contentLength] = String(body.readableBytes)
        return (headers, body)
    }

    /// The package's master, parsed (from the cache while the file is unchanged); nil when it does not parse.
    static func parsedMaster(
        _ file: PackageFile,
        id: String,
        services: ServerServices,
        context: some RequestContext
    ) async throws
        -> MultivariantPlaylist?
    {
        if let cached = services.masters.playlist(id: id, entityTag: file.entityTag) { return cached }
        let original = try await services.files.readWhole(file, context: context)
        guard let parsed = try? PlaylistParser.parseMultivariant(String(buffer: original)) else { return nil }
        services.masters.store(parsed, id: id, entityTag: file.entityTag)
        return parsed
    }

    /// Stands for the session token in a written master kept for reuse (tokens are `[a-z0-9]`, URIs never hold braces).
    static let tokenPlaceholder = "{{lectern-session}}"
    /// `Vary` of every adaptive master: the signals it is adapted to, and the encoding.
    static let vary = (ClientSignals.varyHeaders + ["Accept-Encoding"]).joined(separator: ", ")
    static let varyWithoutEncoding = ClientSignals.varyHeaders.joined(separator: ", ")

    /// Tags every URI with `?s=<token>` so the player's later requests name the session.
    static func moveUnderSession(_ playlist: inout MultivariantPlaylist, token: String) {
        func prefixed(_ uri: String) -> String { SessionToken.tag(uri, token: token) }
        for index in playlist.variants.indices { playlist.variants[index].uri = prefixed(playlist.variants[index].uri) }
        for index in playlist.renditions.indices { playlist.renditions[index].uri = playlist.renditions[index].uri.map(prefixed) }
        for index in playlist.iFrameStreams.indices { playlist.iFrameStreams[index].uri = prefixed(playlist.iFrameStreams[index].uri) }
    }
}
