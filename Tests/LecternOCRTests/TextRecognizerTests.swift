import Foundation
import LecternTestSupport
import Testing

@testable import LecternOCR

/// Tesseract through its C API on slides drawn by the ffmpeg CLI (drawtext): English, French and Chinese, a title
/// larger than its bullets.
@Suite struct TextRecognizerTests {
    static let latinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    static let bodyFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    static let cjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

    /// A 1280×720 grey slide: `title` at 64 px, `bullets` at 36 px below it.
    static func slide(title: String, bullets: [String], font: String = latinFont, bodyFont: String = bodyFont) throws -> [UInt8] {
        var filters = ["drawtext=fontfile=\(font):text='\(title)':fontsize=64:x=80:y=60:fontcolor=black"]
        for (index, bullet) in bullets.enumerated() {
            filters.append("drawtext=fontfile=\(bodyFont):text='\(bullet)':fontsize=36:x=100:y=\(220 + index * 70):fontcolor=0x333333")
        }
        let output = NSTemporaryDirectory() + "lectern-ocr-\(UUID().uuidString).gray"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/ffmpeg"),
            [
                "-v", "error", "-f", "lavfi", "-i", "color=c=0xF4F4F0:s=1280x720:d=1", "-vf", filters.joined(separator: ","), "-frames:v", "1", "-f",
                "rawvideo",
                "-pix_fmt", "gray", "-y", output,
            ]
        )
        #expect(run.status == 0, "\(run.errorText)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    @Test("An English slide: its title is its largest line, its bullets are its text")
    func english() throws {
        let pixels = try Self.slide(title: "Malaria prevention", bullets: ["Sleep under treated nets", "Drain standing water"])
        let recognizer = try TextRecognizer(language: "en")
        #expect(recognizer.languages == "eng")
        let text = recognizer.recognize(gray: pixels, width: 1280, height: 720)
        #expect(text.tallest?.text == "Malaria prevention")
        #expect(text.lines.map(\.text) == ["Malaria prevention", "Sleep under treated nets", "Drain standing water"])
        #expect(text.lines.allSatisfy { $0.confidence > 80 })
    }

    @Test("A French slide keeps its accents")
    func french() throws {
        let pixels = try Self.slide(title: "Prévention du paludisme", bullets: ["Dormir sous une moustiquaire traitée"])
        let recognizer = try TextRecognizer(language: "fr-SN")
        #expect(recognizer.languages == "fra+eng")
        let text = recognizer.recognize(gray: pixels, width: 1280, height: 720)
        #expect(text.tallest?.text == "Prévention du paludisme")
        #expect(text.lines.last?.text == "Dormir sous une moustiquaire traitée")
    }

    @Test("A Chinese slide: its title, read with Chinese data alone (with English added, Tesseract reads it as Latin)")
    func chinese() throws {
        let pixels = try Self.slide(title: "疾病的预防", bullets: ["使用蚊帐"], font: Self.cjkFont, bodyFont: Self.cjkFont)
        let recognizer = try TextRecognizer(language: "zh-Hans")
        #expect(recognizer.languages == "chi_sim")
        let text = recognizer.recognize(gray: pixels, width: 1280, height: 720)
        #expect(text.tallest?.text.replacingOccurrences(of: " ", with: "") == "疾病的预防")
        #expect(text.lines.last?.text.replacingOccurrences(of: " ", with: "") == "使用蚊帐")
    }

    @Test("A blank picture has no title; a language without data here reads with English")
    func blankAndUnknown() throws {
        let recognizer = try TextRecognizer(language: "xx")
        #expect(recognizer.languages == "eng")
        let blank = [UInt8](repeating: 240, count: 640 * 360)
        let text = recognizer.recognize(gray: blank, width: 640, height: 360)
        #expect(text.lines.isEmpty)
    }
}
