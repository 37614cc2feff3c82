import Foundation
import LecternTranscode

extension LadderConfig {
    /// The ladder in the file at `path` (`--ladder`), or the built-in default when none is given.
    static func load(path: String?) throws -> LadderConfig {
        try path.map { try load(URL(fileURLWithPath: $0)) } ?? .default
    }
}
