import Hummingbird
import LecternHLS
import Logging

/// Builds a lecture's `StartPlan` from its files: the master (parsed, cached) and the two media playlists the
/// player starts with. Any problem (no ladder, a playlist that does not parse) means no plan: the page then plays
/// the plain adaptive master.
struct StartPlanner: Sendable {
    let services: ServerServices

    func plan(id: String, context: some RequestContext) async -> StartPlan? {
        do {
            let file = try services.resolver.resolve(id: id, path: PackagePath(components: ["master.m3u8"]))
            guard let master = try await AdaptiveMasterResponder.parsedMaster(file, id: id, services: services, context: context),
                let start = StartPlan.start(for: master)
            else { return nil }
            let token = SessionToken.make()
            let masterPath = "/lectures/\(id)/master.m3u8?max_kbps=\(start.capKbps)&s=\(token)"
            var prefetch = [(path: masterPath, size: try size(of: "master.m3u8", id: id))]
            for uri in [start.video] + (start.audio.map { [$0] } ?? []) {
                for file in [uri] + (try await firstFiles(id: id, playlistURI: uri, context: context)) {
                    prefetch.append((StartPlan.absolute(file, lecture: id, token: token), try size(of: file, id: id)))
                }
            }
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
                preloadOrder: StartPlan.linkOrder(prefetch)
            )
        } catch {
            context.logger.debug("No start plan", metadata: ["lecture.id": "\(id)", "error.message": "\(error)"])
            return nil
        }
    }

    private func size(of uri: String, id: String) throws -> Int {
        try services.resolver.resolve(id: id, path: PackagePath.parse(uri.split(separator: "/"))).size
    }

    private func firstFiles(id: String, playlistURI: String, context: some RequestContext) async throws -> [String] {
        // The same checks as a request path: a master naming files outside the package gets no plan.
        let file = try services.resolver.resolve(id: id, path: PackagePath.parse(playlistURI.split(separator: "/")))
        let text = String(buffer: try await services.files.readWhole(file, context: context))
        return StartPlan.firstFiles(of: try PlaylistParser.parseMedia(text), at: playlistURI)
    }
}
