import Foundation
import LecternPackage
import LecternTestSupport
import Testing

/// `lectern mirror` when the target cannot take the files: a disk that fills up (a real tmpfs of half the size needed,
/// mounted in a private mount namespace) and a folder the user may not write (the command run as uid 65534). Both
/// need root to set up, as CI has.
@Suite(.serialized, .enabled(if: getuid() == 0, "mounting a tmpfs and switching user need root"))
struct DiskFailureTests {
    /// Standard error without the progress lines ("mirror 54% · 9.2 MB/16.7 MB · ..."): what a person reads.
    static func messages(_ standardError: String) -> [String] {
        standardError.split(whereSeparator: \.isNewline).map(String.init).filter {
            !($0.hasPrefix("mirror ") && $0.contains("% · "))
        }
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test(
        "A full disk: one line naming the file and the reason, non-zero exit, nothing half-published; with room again the next run reuses what was verified",
        .enabled(if: PrivateMount.canMountTmpfs(), "this machine cannot mount a tmpfs in a private mount namespace (unshare -m)")
    )
    func fullDisk() throws {
        let origin = try Fixture.origin.get()
        let total = try Library(root: origin).listLectures().flatMap(\.files).reduce(0) { $0 + $1.size }
        let work = Fixture.target()
        let disk = work.appendingPathComponent("disk")
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // Everything happens inside one private mount namespace: the tmpfs (and the library on it) lives as long as
        // the shell. $1 size, $2 mount point, $3 lectern, $4 origin, $5 results, $6 the larger size.
        let script = """
            mount -t tmpfs -o size="$1" tmpfs "$2" || exit 90
            "$3" mirror "$4" --into "$2/lib" --json >"$5/first.json" 2>"$5/first.err"; echo $? >"$5/first.rc"
            ls "$2/lib/lectures" >"$5/published.txt" 2>/dev/null
            if [ -s "$5/published.txt" ]; then "$3" verify "$2/lib" >/dev/null 2>&1; echo $? >"$5/partial-verify.rc"; fi
            mount -o remount,size="$6" "$2" || exit 91
            "$3" mirror "$4" --into "$2/lib" --json >"$5/second.json" 2>"$5/second.err"; echo $? >"$5/second.rc"
            ls "$2/lib/lectures" >"$5/published-after.txt"
            "$3" verify "$2/lib" >"$5/verify.txt" 2>&1; echo $? >"$5/verify.rc"
            """
        let shell = try PrivateMount.run(
            script,
            [
                "\(total / 2 / 1024)k", disk.path, Executables.lectern.path, origin.path, out.path, "\(total * 4 / 1024)k",
            ]
        )
        #expect(shell.status == 0, "the namespace script failed (90: cannot mount a tmpfs): \(shell.status) \(shell.errorText)")
        // A result file the script did not write reads as empty (and fails the expectation on it).
        func read(_ name: String) -> String {
            ((try? String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        #expect(read("first.rc") != "0")
        let first = Self.messages(read("first.err"))
        #expect(first.count == 1 && first[0].hasSuffix("No space left on device"), "\(first)")
        // Whatever the first run published before the disk filled is whole.
        if !(read("published.txt")).isEmpty { #expect(read("partial-verify.rc") == "0") }
        #expect(read("second.rc") == "0", "\(read("second.err"))")
        #expect(read("published-after.txt").split(separator: "\n").count == 2)
        #expect(read("verify.rc") == "0", "\(read("verify.txt"))")
        // The files verified before the disk filled were not fetched again.
        let second = try Self.json(out.appendingPathComponent("second.json"))
        let transferred = try #require(second["bytesTransferred"] as? Int)
        #expect(transferred < total * 3 / 4, "\(transferred) of \(total) bytes fetched again")
    }

    @Test("Permission denied: one line with the reason, non-zero exit, nothing written; once the folder is writable the same command mirrors")
    func permissionDenied() throws {
        let origin = try Fixture.origin.get()
        let parent = Fixture.target()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: parent.path)
        defer { try? FileManager.default.removeItem(at: parent) }
        let into = parent.appendingPathComponent("lib")
        // As the unprivileged user a campus would run the mirror as; the folder belongs to root.
        func mirror() throws -> ChildProcess.Result {
            try ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                [
                    "--reuid=65534", "--regid=65534", "--clear-groups", Executables.lectern.path, "mirror", origin.path, "--into", into.path,
                ]
            )
        }

        let denied = try mirror()
        #expect(denied.status != 0)
        let lines = Self.messages(denied.errorText)
        #expect(lines.count == 1 && lines[0].contains(into.path) && lines[0].hasSuffix("(Permission denied)"), "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: into.path))

        try FileManager.default.setAttributes([.ownerAccountID: 65534, .groupOwnerAccountID: 65534], ofItemAtPath: parent.path)
        let allowed = try mirror()
        #expect(allowed.status == 0, "\(allowed.errorText)")
        #expect(try Library(root: into).listLectures().count == 2)
    }
}
