import Foundation

/// Reads the top-level box layout of a fragmented MP4 file, and the first sample size of each fragment,
/// so that init segment, media segments and I-frame byte ranges are measured from the file itself.
struct MP4Layout {
    /// One `moof` + `mdat` pair, as byte offsets in the file.
    struct Fragment {
        /// Offset of the `moof` box in the file.
        var moofOffset: Int
        /// Size of the `moof` box in bytes.
        var moofSize: Int
        /// Offset just past the `mdat` box header (where sample data starts).
        var mdatDataOffset: Int
        /// Offset just past the `mdat` box.
        var end: Int
        /// Size of the first sample (the key frame for video).
        var firstSampleSize: Int
    }

    /// Bytes before the first `moof`: `ftyp` + `moov`.
    var initSize: Int
    /// Every fragment, in file order.
    var fragments: [Fragment]

    static func read(_ url: URL) throws -> MP4Layout {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let fileSize = Int(try handle.seekToEnd())
        var offset = 0
        var initSize: Int?
        var fragments: [Fragment] = []
        var pendingMoof: (offset: Int, size: Int, firstSample: Int)?
        while offset + 8 <= fileSize {
            try handle.seek(toOffset: UInt64(offset))
            let header = try handle.read(upToCount: 16) ?? Data()
            guard header.count >= 8 else { break }
            var size = Int(header.bigEndianUInt32(at: 0))
            let type = String(decoding: header[header.startIndex + 4..<header.startIndex + 8], as: UTF8.self)
            var headerSize = 8
            if size == 1, header.count >= 16 {
                size = Int(header.bigEndianUInt64(at: 8))
                headerSize = 16
            } else if size == 0 {
                size = fileSize - offset
            }
            guard size >= headerSize, offset + size <= fileSize else { throw MP4LayoutError.malformed(url.lastPathComponent, offset) }
            switch type {
            case "moof":
                if initSize == nil { initSize = offset }
                try handle.seek(toOffset: UInt64(offset))
                let moof = try handle.read(upToCount: size) ?? Data()
                pendingMoof = (offset, size, firstSampleSize(moof: moof))
            case "mdat":
                if let moof = pendingMoof {
                    fragments.append(
                        Fragment(
                            moofOffset: moof.offset,
                            moofSize: moof.size,
                            mdatDataOffset: offset + headerSize,
                            end: offset + size,
                            firstSampleSize: moof.firstSample
                        )
                    )
                    pendingMoof = nil
                }
            default:
                break
            }
            offset += size
        }
        guard let initSize else { throw MP4LayoutError.noFragments(url.lastPathComponent) }
        return MP4Layout(initSize: initSize, fragments: fragments)
    }

    /// First sample size from `traf/trun` (or `tfhd`'s default sample size).
    static func firstSampleSize(moof: Data) -> Int {
        var defaultSize = 0
        var result = 0
        func walk(_ data: Data, from start: Int, to end: Int) {
            var offset = start
            while offset + 8 <= end {
                let size = Int(data.bigEndianUInt32(at: offset))
                let type = String(decoding: data[data.startIndex + offset + 4..<data.startIndex + offset + 8], as: UTF8.self)
                guard size >= 8, offset + size <= end else { return }
                switch type {
                case "moof", "traf":
                    walk(data, from: offset + 8, to: offset + size)
                case "tfhd":
                    let flags = data.bigEndianUInt32(at: offset + 8) & 0xFFFFFF
                    var field = offset + 16  // after version/flags and track_ID
                    if flags & 0x1 != 0 { field += 8 }
                    if flags & 0x2 != 0 { field += 4 }
                    if flags & 0x8 != 0 { field += 4 }
                    if flags & 0x10 != 0 { defaultSize = Int(data.bigEndianUInt32(at: field)) }
                case "trun" where result == 0:
                    let flags = data.bigEndianUInt32(at: offset + 8) & 0xFFFFFF
                    var field = offset + 16  // after version/flags and sample_count
                    if flags & 0x1 != 0 { field += 4 }
                    if flags & 0x4 != 0 { field += 4 }
                    if flags & 0x100 != 0 { field += 4 }
                    result = flags & 0x200 != 0 ? Int(data.bigEndianUInt32(at: field)) : defaultSize
                default:
                    break
                }
                offset += size
            }
        }
        walk(moof, from: 0, to: moof.count)
        return result
    }
}

/// Why a rendition's spool file could not be split: malformed MP4 boxes, or no fragment at all.
enum MP4LayoutError: Error, CustomStringConvertible {
    case malformed(String, Int)
    case noFragments(String)

    var description: String {
        switch self {
        case .malformed(let file, let offset): "\(file): malformed MP4 box at byte \(offset)"
        case .noFragments(let file): "\(file): no fragments were written"
        }
    }
}

extension Data {
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        let base = startIndex + offset
        return self[base..<base + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    func bigEndianUInt64(at offset: Int) -> UInt64 {
        let base = startIndex + offset
        return self[base..<base + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
