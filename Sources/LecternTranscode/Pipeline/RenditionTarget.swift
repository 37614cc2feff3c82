import Foundation
import LecternFFmpeg
import LecternPackage

/// Where and how a branch writes its renditions: the staging folder, the segment format, and the segment boundaries
/// and key-frame grid that every rendition of a lecture shares (so their segments line up).
struct RenditionTarget {
    let folder: URL
    let format: SegmentFormat
    let boundaries: [Double]
    let keyFrames: KeyFrameGrid

    /// `plan`'s boundaries, far enough to cover a recording longer than its header says (`mediaDuration`): browser
    /// recordings (WebM from MediaRecorder) carry no duration at all, and joined transport streams state only their
    /// first part's. A day past the header costs ~14,000 numbers per rendition.
    init(folder: URL, format: SegmentFormat, plan: LadderPlan, mediaDuration: Double) {
        self.folder = folder
        self.format = format
        self.boundaries = plan.segmentBoundaries(until: max(mediaDuration, 0) * 2 + 24 * 3600)
        self.keyFrames = plan.keyFrames
    }

    /// A writer for rendition `name` in a folder of that name, created here.
    func writer(name: String, isVideo: Bool, encoder: Encoder) throws -> RenditionWriter {
        let folder = self.folder.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try RenditionWriter(
            name: name,
            isVideo: isVideo,
            encoder: encoder,
            folder: folder,
            format: format,
            boundaries: boundaries,
            keyFrames: keyFrames
        )
    }
}
