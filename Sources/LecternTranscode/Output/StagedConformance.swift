import Foundation
import LecternVerify

/// `lectern verify`'s HLS rules, run on a staged package before it is published: whatever a damaged recording did to
/// the pipeline, a lecture that verify would reject is never published.
enum StagedConformance {
    /// Throws `.failedConformance` naming the recording and the first rule that failed (and how many more did).
    static func check(_ folder: URL, recording name: String) throws(TranscodeError) {
        let report = BlockingWork.wait { await Verifier.verifyStreams(ofPackage: folder) }
        let failed = report.checks.filter { !$0.passed }
        guard let first = failed.first else { return }
        let more = failed.count > 1 ? " and \(failed.count - 1) more" : ""
        let detail = [first.subject, first.detail].compactMap { $0 }.joined(separator: ": ")
        throw TranscodeError(
            code: .failedConformance,
            message: "\(name): the package made from it fails lectern verify (\(first.rule.rawValue), \(detail)\(more)); nothing was published"
        )
    }
}
