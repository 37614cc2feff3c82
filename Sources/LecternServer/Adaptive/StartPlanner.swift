import Foundation
import Hummingbird
import LecternHLS
import Logging

/// Builds a lecture's `StartPlan` from its files: the master (parsed, cached) and the two media playlists the
/// player starts with. Any problem (no ladder, a playlist that does not parse) means no plan: the page then plays
/// the plain adaptive master.
struct StartPlanner: Sendable {
    let services: ServerServices

    /// With `inline` (a page for the MSE player) the start level's playlists, init sections and first segments go in
    /// the plan itself (`StartPlan.inline`) when they fit `StartPlan.inlineLimit`.
    func plan(id: String, context: some RequestContext, inline: Bool = false) async -> StartPlan? {
        do {
            let file = try services.resolver.resolve(id: id, path: PackagePath(components: ["master.m3u8"]))
            guard let master = try await AdaptiveMasterResponder.parsedMaster(file, id: id, services: services, context: context),
                let start = StartPlan.start(for: master)
            else { return nil }
            let token = SessionToken.make()
            let masterPath = "/lectures/\(id)/master.m3u8?max_kbps=\(start.capKbps)&s=\(token)"
            var prefetch = [(path: masterPath, size: try size(of: "master.m3u8", id: id))]
            var carried: [String: String] = [:]
            var carriedBytes = 0
            for uri in [start.video] + (start.audio.map { [$0] } ?? []) {
                // The same checks as a request path: a master naming files outside the package gets no plan.
                let playlistFile = try services.resolver.resolve(id: id, path: PackagePath.parse(uri.split(separator: "/")))
                let text = String(buffer: try await services.files.readWhole(playlistFile, context: context))
                let playlistPath = StartPlan.absolute(uri, lecture: id, token: token)
                prefetch.append((playlistPath, playlistFile.size))
                // Always carried: the player needs it whatever its size, and playlists shrink tenfold in the gzipped page.
                carried[playlistPath] = SessionPlaylistResponder.tagged(text, token: token)
                for first in StartPlan.firstFiles(of: try PlaylistParser.parseMedia(text), at: uri) {
                    let firstFile = try services.resolver.resolve(id: id, path: PackagePath.parse(first.split(separator: "/")))
                    let path = StartPlan.absolute(first, lecture: id, token: token)
                    prefetch.append((path, firstFile.size))
                    carriedBytes += firstFile.size
                    if inline, carriedBytes <= StartPlan.inlineLimit {
                        carried[path] = Data(try await services.files.readWhole(firstFile, context: context).readableBytesView).base64EncodedString()
                    }
                }
            }
            if !inline || carriedBytes > StartPlan.inlineLimit { carried = [:] }
            // Rounded up, so that `?max_kbps=<rung>` lists that rung (the cap is compared with BANDWIDTH in bits).
            func kbps(_ role: AdaptivePolicy.Role) -> [Int] {
                master.variants.filter { AdaptivePolicy.role(of: $0) == role }.map { ($0.bandwidth + 999) / 1000 }.sorted()
            }
            let ladder = kbps(.ladder)
            return StartPlan(
                token: token,
                master: masterPath,
                capKbps: start.capKbps,
                prefetch: prefetch.map(\.path),
                ladderKbps: ladder,
                belowFloorKbps: max(1, (ladder.first ?? 1) - 1),
                slidesKbps: kbps(.slides).last,
                inline: carried,
                preloadOrder: StartPlan.linkOrder(prefetch.filter { carried[$0.path] == nil })
            )
        } catch {
            context.logger.debug("No start plan", metadata: ["lecture.id": "\(id)", "error.message": "\(error)"])
            return nil
        }
    }

    private func size(of uri: String, id: String) throws -> Int {
        try services.resolver.resolve(id: id, path: PackagePath.parse(uri.split(separator: "/"))).size
    }
}
