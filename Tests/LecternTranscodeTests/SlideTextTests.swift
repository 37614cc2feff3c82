import LecternOCR
import Testing

@testable import LecternTranscode

/// A slide's title and text from the lines OCR read: the largest line, a wrapped title joined, bullets and noise out.
struct SlideTextTests {
    static func line(_ text: String, y: Int, height: Int, confidence: Double = 90) -> RecognizedText.Line {
        RecognizedText.Line(text: text, confidence: confidence, x: 80, y: y, width: 400, height: height)
    }

    @Test("The title is the largest readable line; a title wrapped over two lines is joined")
    func title() {
        let wrapped = SlideText(
            RecognizedText(lines: [
                Self.line("Oral rehydration", y: 60, height: 60), Self.line("for children", y: 130, height: 58),
                Self.line("Small bullet", y: 260, height: 30),
            ])
        )
        #expect(wrapped.title == "Oral rehydration for children")
        let chinese = SlideText(RecognizedText(lines: [Self.line("口服补液", y: 60, height: 60), Self.line("疗法", y: 125, height: 60)]))
        #expect(chinese.title == "口服补液疗法")
        #expect(SlideText(RecognizedText(lines: [])).title == nil)
    }

    @Test("A header whose logo OCR reads as symbols is not the title: line size is its words' height, and end symbols go")
    func headerWithLogo() {
        let words = { (pairs: [(String, Int)]) in pairs.map { RecognizedText.Word(text: $0.0, height: $0.1) } }
        let header = RecognizedText.Line(
            text: "@) PH 204 · Vaccines and Immunization Programmes",
            confidence: 88,
            x: 40,
            y: 20,
            width: 720,
            height: 56,
            words: words([("@)", 56), ("PH", 18), ("204", 18), ("·", 4), ("Vaccines", 18), ("and", 18), ("Immunization", 22), ("Programmes", 22)])
        )
        let title = RecognizedText.Line(
            text: "Adverse Events Following Immunization",
            confidence: 95,
            x: 80,
            y: 135,
            width: 1080,
            height: 46,
            words: words([("Adverse", 34), ("Events", 34), ("Following", 44), ("Immunization", 44)])
        )
        let text = SlideText(RecognizedText(lines: [header, title]))
        #expect(text.title == "Adverse Events Following Immunization")
        #expect(SlideText.withoutSymbols(header) == "PH 204 · Vaccines and Immunization Programmes")
    }

    @Test("Lone symbols and unsure lines are not text; a bullet read as a symbol is dropped")
    func noise() {
        let text = SlideText(
            RecognizedText(lines: [
                Self.line("|", y: 0, height: 200), Self.line("Real title", y: 100, height: 40),
                Self.line("blurred", y: 150, height: 50, confidence: 20),
                Self.line("¢ Soap lifts microbes", y: 200, height: 20), Self.line("e Wash for 20 seconds", y: 230, height: 20),
                Self.line("3 doses", y: 260, height: 20),
            ])
        )
        #expect(text.title == "Real title")
        #expect(text.text == "Real title\nSoap lifts microbes\nWash for 20 seconds\n3 doses")
    }
}
