public import Foundation

/// What `StagingArea.publish(manifest:)` did.
public struct PublishResult: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// A new lecture: `lectures/<id>` did not exist.
        case published
        /// `lectures/<id>` held different files and now holds the new package.
        case replaced
        /// `lectures/<id>` already held exactly these files (a re-run); it was kept, the staging folder removed.
        case unchanged
    }

    public var outcome: Outcome
    /// The manifest now in `lectures/<id>` (for `.unchanged`, the one that was already there).
    public var manifest: Manifest
    /// `lectures/<id>/`
    public var url: URL

    public init(outcome: Outcome, manifest: Manifest, url: URL) {
        self.outcome = outcome
        self.manifest = manifest
        self.url = url
    }
}
