public import Foundation
import LecternPackage

/// `lectern verify`: a package folder, a whole library, or the URL of any HLS multivariant playlist.
public enum Verifier {
    /// Verifies `target`: an `http(s)` URL (sampling segments), a package folder, a library folder, or a local `.m3u8`
    /// (every segment); what it is not becomes a failed `integrity` check, never a thrown error.
    public static func verify(_ target: String) async -> VerifyReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-verify-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        if let url = URL(string: target), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            let verifier = StreamVerifier(reader: ResourceReader(), inspectEverySegment: false, scratch: scratch)
            var report = await verifier.verify(master: url)
            report.notes.append("downloaded \(report.bytesFetched) bytes")
            return report
        }
        let folder = URL(fileURLWithPath: target, isDirectory: true)
        var report = VerifyReport(target: folder.path)
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent(Manifest.fileName).path) {
            report.merge(await verifyPackage(folder, scratch: scratch), prefix: "")
        } else if manager.fileExists(atPath: folder.appendingPathComponent(Library.lecturesFolderName).path) {
            let lectures = folder.appendingPathComponent(Library.lecturesFolderName)
            let ids = ((try? manager.contentsOfDirectory(atPath: lectures.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            if ids.isEmpty { report.notes.append("the library holds no lectures") }
            report.notes += stagingNotes(folder.appendingPathComponent(".staging"))
            for id in ids {
                report.merge(await verifyPackage(lectures.appendingPathComponent(id, isDirectory: true), scratch: scratch), prefix: "\(id)/")
            }
        } else if folder.pathExtension == "m3u8", manager.fileExists(atPath: folder.path) {
            let verifier = StreamVerifier(reader: ResourceReader(), inspectEverySegment: true, scratch: scratch)
            report.merge(await verifier.verify(master: URL(fileURLWithPath: target)), prefix: "")
        } else {
            report.record(.integrity, target, false, "not a lecture package (no manifest.json), a library (no lectures/) or a playlist")
        }
        return report
    }

    /// One note per folder left in the library's `.staging/`: an ingest running now, or one that was killed (a folder
    /// untouched for an hour is abandoned; `lectern serve` removes those).
    static func stagingNotes(_ staging: URL, now: Date = Date()) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).sorted()
        return names.map { name in
            let modified = (try? FileManager.default.attributesOfItem(atPath: staging.appendingPathComponent(name).path))?[.modificationDate] as? Date
            let minutes = Int(now.timeIntervalSince(modified ?? now) / 60)
            let state = minutes >= 60 ? "abandoned (an ingest killed mid-way); remove it, or let lectern serve do it" : "an ingest may be writing it"
            return ".staging/\(name): last written \(minutes) min ago, \(state)"
        }
    }

    /// A package's integrity against its manifest, then its `master.m3u8` with every segment read.
    static func verifyPackage(_ folder: URL, scratch: URL) async -> VerifyReport {
        var report = VerifyReport(target: folder.path)
        let issues = PackageVerifier.verifyIntegrity(at: folder)
        if issues.isEmpty {
            let count = (try? Manifest(contentsOf: folder.appendingPathComponent(Manifest.fileName)).files.count) ?? 0
            report.record(.integrity, Manifest.fileName, true)
            report.notes.append("\(count) files match \(Manifest.fileName)")
        }
        for issue in issues { report.record(.integrity, issue.path, false, issue.reason) }
        report.merge(await verifyStreams(ofPackage: folder, scratch: scratch), prefix: "")
        return report
    }

    /// Every HLS rule of `lectern verify` on a package folder's `master.m3u8`, every segment read; no manifest needed, so
    /// ingest runs it on a staged package before publishing it (the integrity check is the publish's own).
    public static func verifyStreams(ofPackage folder: URL) async -> VerifyReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-verify-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return await verifyStreams(ofPackage: folder, scratch: scratch)
    }

    static func verifyStreams(ofPackage folder: URL, scratch: URL) async -> VerifyReport {
        let verifier = StreamVerifier(reader: ResourceReader(), inspectEverySegment: true, scratch: scratch)
        return await verifier.verify(master: folder.appendingPathComponent("master.m3u8"))
    }
}
