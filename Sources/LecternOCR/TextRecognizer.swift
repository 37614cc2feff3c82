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
        var lines: [RecognizedText.Line] = []
        let page = TessResultIteratorGetPageIteratorConst(iterator)
        repeat {
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_TEXTLINE) else { continue }
            let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
            TessDeleteText(raw)
            var left: Int32 = 0
            var top: Int32 = 0
            var right: Int32 = 0
            var bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(page, RIL_TEXTLINE, &left, &top, &right, &bottom) != 0 else { continue }
            lines.append(
                RecognizedText.Line(
                    text: text,
                    confidence: Double(TessResultIteratorConfidence(iterator, RIL_TEXTLINE)),
                    x: Int(left),
                    y: Int(top),
                    width: Int(right - left),
                    height: Int(bottom - top)
                )
            )
        } while TessResultIteratorNext(iterator, RIL_TEXTLINE) != 0
        return RecognizedText(lines: lines)
    }

    /// The version of the Tesseract library in use.
    public static var version: String { String(cString: TessVersion()) }
}

/// Why OCR could not be set up, in one line.
public struct OCRError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
