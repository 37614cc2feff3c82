import Foundation
import LecternTestSupport
import Testing

/// A small fixed-seed run of the fuzz benchmark (`scripts/fuzz-ingest.py`): damaged and crafted recordings in every
/// container end published-and-verified or refused in a few lines with nothing left behind; never a crash, a hang or a
/// package `lectern verify` rejects.
@Suite(.serialized) struct FuzzSubsetTests {
    @Test("24 mutated recordings (seed 7) across MP4, MOV, MKV, AVI, TS and MP3: no crash, no hang, no package verify rejects")
    func fixedSeed() throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/fuzz-ingest.py").standardized
        let results = folder.appendingPathComponent("fuzz.json")
        let run = try ChildProcess.run(
            Executables.env,
            [
                "python3", script.path, "--count", "24", "--seed", "7", "--jobs", "1", "--timeout", "120", "--lectern", Executables.lectern.path,
                "--work", folder.appendingPathComponent("work").path, "--out", results.path, "--md", folder.appendingPathComponent("fuzz.md").path,
                "--fail-on-bad",
            ]
        )
        #expect(run.status == 0, "\(run.outputText.suffix(3000))\(run.errorText.suffix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        let files = try #require(json["results"] as? [[String: Any]])
        #expect(files.count == 24)
        let bad = files.filter { ($0["outcome"] as? String)?.hasPrefix("BAD") ?? true }
        #expect(bad.isEmpty, "\(bad.map { "\($0["file"] ?? ""): \($0["outcome"] ?? "") \($0["reason"] ?? "")" })")
        // Both ways out are exercised: some files are published, some refused.
        let outcomes = Set(files.compactMap { $0["outcome"] as? String })
        #expect(outcomes.contains { $0.hasPrefix("published") } && outcomes.contains { $0.hasPrefix("refused") }, "\(outcomes)")
        let noisy = files.filter { $0["outcome"] as? String == "refused-noisy" }
        #expect(noisy.isEmpty, "\(noisy.map { $0["file"] ?? "" })")
    }
}
