import Foundation
import LecternPackage

/// Where lectures come from: a library folder or a `lectern serve`. Planning, transfer, verification and publishing
/// are the same for both; an origin only lists lectures and streams bytes.
protocol MirrorOrigin: Sendable {
    /// Shown in reports and errors.
    var location: String { get }
    /// Every lecture the origin offers: its id and either its manifest or why the manifest could not be read.
    /// Throws when the origin as a whole is unusable (unreachable, not a Lectern origin).
    func catalog(meter: MetadataMeter) async throws(MirrorError) -> [CatalogEntry]
    /// The package's `master.m3u8` exactly as stored (the caller checks it against the manifest).
    func master(of id: String, meter: MetadataMeter) async throws -> Data
    /// Streams `path` of lecture `id` into `file`, starting after the bytes it already holds.
    func fetch(_ path: String, of id: String, into file: PartialFile) async throws
    /// Releases connections; called once at the end of a run.
    func shutdown() async
}

/// One lecture in an origin's catalog.
struct CatalogEntry: Sendable {
    var id: String
    var manifest: Result<Manifest, MirrorError>
}
