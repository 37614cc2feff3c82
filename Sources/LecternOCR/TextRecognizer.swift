internal import CTesseract
import Foundation

/// Tesseract, set up once for a language and used for picture after picture: the only owner of Tesseract's pointers.
///
/// Not thread-safe (Tesseract's handle is not): create and use it on one thread.
public final class TextRecognizer {
    private let handle: OpaquePointer
    /// The Tesseract languages it reads, e.g. `chi_sim+eng`.
    public let languages: String

    /// Sets Tesseract up for the lecture's BCP-47 `language` (see `TessLanguages.for`); throws when its data is missing.
    public init(language: String) throws(OCRError) {
        let languages = TessLanguages.for(language)
        guard let handle = TessBaseAPICreate() else { throw OCRError("Tesseract could not be created") }
        // Tesseract writes its notes (e.g. about the resolution it assumed) to stderr unless told otherwise.
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        let status = TessBaseAPIInit3(handle, TessLanguages.dataFolder?.path, languages)
        guard status == 0 else {
            TessBaseAPIDelete(handle)
            throw OCRError(
                "Tesseract has no data for \(languages) (install tesseract-ocr-\(languages.split(separator: "+")[0].replacingOccurrences(of: "_", with: "-")))"
            )
        }
        TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        self.handle = handle
        self.languages = languages
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Reads the text of an 8-bit grey picture, `bytesPerRow` apart (at least `width`); lines in reading order.
    public func recognize(gray pixels: [UInt8], width: Int, height: Int, bytesPerRow: Int? = nil) -> RecognizedText {
        let stride = bytesPerRow ?? width
        precondition(width > 0 && height > 0 && stride >= width && pixels.count >= stride * (height - 1) + width)
        pixels.withUnsafeBufferPointer { buffer in
            TessBaseAPISetImage(handle, buffer.baseAddress, Int32(width), Int32(height), 1, Int32(stride))
        }
        // Slides are screen pictures, not scans: 96 dpi is their usual density (and stops a warning about 0 dpi).
        TessBaseAPISetSourceResolution(handle, 96)
        defer { TessBaseAPIClear(handle) }
        guard TessBaseAPIRecognize(handle, nil) == 0, let iterator = TessBaseAPIGetIterator(handle) else { return RecognizedText(lines: []) }
        defer { TessResultIteratorDelete(iterator) }
        var lines = Self.items(iterator, level: RIL_TEXTLINE).map {
            RecognizedText.Line(text: $0.text, confidence: $0.confidence, x: $0.x, y: $0.y, width: $0.width, height: $0.height)
        }
        // Each word goes to the line whose box holds its middle: a line's size is its words' (a logo or a bullet read as
        // a symbol makes a line's box taller than its text).
        guard let words = TessBaseAPIGetIterator(handle) else { return RecognizedText(lines: lines) }
        defer { TessResultIteratorDelete(words) }
        for word in Self.items(words, level: RIL_WORD) {
            let middle = (x: word.x + word.width / 2, y: word.y + word.height / 2)
            guard
                let index = lines.firstIndex(where: {
                    middle.x >= $0.x && middle.x <= $0.x + $0.width && middle.y >= $0.y && middle.y <= $0.y + $0.height
                })
            else { continue }
            lines[index].words.append(RecognizedText.Word(text: word.text, height: word.height))
        }
        return RecognizedText(lines: lines)
    }

    /// The text, confidence and box of every item at `level` (lines, words) the iterator walks, empty ones skipped.
    private static func items(
        _ iterator: OpaquePointer,
        level: TessPageIteratorLevel
    ) -> [(text: String, confidence: Double, x: Int, y: Int, width: Int, height: Int)] {
        var items: [(text: String, confidence: Double, x: Int, y: Int, width: Int, height: Int)] = []
        let page = TessResultIteratorGetPageIteratorConst(iterator)
        repeat {
            guard let raw = TessResultIteratorGetUTF8Text(iterator, level) else { continue }
            let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
            TessDeleteText(raw)
            var left: Int32 = 0
            var top: Int32 = 0
            var right: Int32 = 0
            var bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 else { continue }
            let confidence = Double(TessResultIteratorConfidence(iterator, level))
            items.append((text, confidence, Int(left), Int(top), Int(right - left), Int(bottom - top)))
        } while TessResultIteratorNext(iterator, level) != 0
        return items
    }

    /// The version of the Tesseract library in use.
    public static var version: String { String(cString: TessVersion()) }
}

/// Why OCR could not be set up, in one line.
public struct OCRError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
