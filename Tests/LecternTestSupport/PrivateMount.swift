import Foundation

/// Small filesystems for tests of full disks: a tmpfs mounted in a private mount namespace (`unshare -m`), so it lives
/// only as long as the shell given to it. Needs root, and a container that allows mount namespaces.
public enum PrivateMount {
    /// Whether this machine lets a private mount namespace mount a tmpfs (root alone is not enough in every container).
    public static func canMountTmpfs() -> Bool {
        guard getuid() == 0 else { return false }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-mount-probe-\(UUID().uuidString.prefix(8))")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = try? ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            [
                "-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$1\"", "sh", folder.path,
            ]
        )
        return probe?.status == 0
    }

    /// Runs `script` with `sh` inside a private mount namespace; `arguments` become `$1`, `$2`, ...
    public static func run(_ script: String, _ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/unshare"), ["-m", "/bin/sh", "-c", script, "sh"] + arguments)
    }
}
