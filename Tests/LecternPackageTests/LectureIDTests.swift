import LecternPackage
import Testing

@Suite("LectureID")
struct LectureIDTests {
    let hash = "3F9A0C1E5B7D2468ace13579bdf02468ace13579bdf02468ace13579bdf02468"

    @Test("English title: lowercase words joined by hyphens, then 8 hash characters")
    func english() {
        #expect(LectureID.make(title: "Introduction to Linear Algebra", contentHash: hash) == "introduction-to-linear-algebra-3f9a0c1e")
    }

    @Test("French accents are folded")
    func french() {
        #expect(LectureID.make(title: "Épidémiologie à Dakar", contentHash: hash) == "epidemiologie-a-dakar-3f9a0c1e")
        #expect(LectureID.slug("Œuvres complètes — Straße, Łódź") == "oeuvres-completes-strasse-lodz")
    }

    @Test("A title without ASCII letters falls back to \"lecture\"")
    func chinese() {
        #expect(LectureID.make(title: "线性代数导论", contentHash: hash) == "lecture-3f9a0c1e")
        #expect(LectureID.make(title: "第 3 讲", contentHash: hash) == "lecture-3f9a0c1e")
        #expect(LectureID.make(title: "Lecture 3 — 微积分", contentHash: hash) == "lecture-3-3f9a0c1e")
    }

    @Test("An empty or punctuation-only title falls back to \"lecture\"")
    func empty() {
        #expect(LectureID.make(title: "", contentHash: hash) == "lecture-3f9a0c1e")
        #expect(LectureID.make(title: "  ?!… ", contentHash: hash) == "lecture-3f9a0c1e")
    }

    @Test("Punctuation runs collapse to one hyphen, trimmed at both ends")
    func punctuation() {
        #expect(LectureID.slug("  C++ & Rust:  Part #2!! ") == "c-rust-part-2")
        #expect(LectureID.slug("ＡＢＣ１２３") == "abc123", "full-width letters fold to ASCII")
    }

    @Test("A very long title is cut to at most 40 characters, on a word boundary, without a trailing hyphen")
    func veryLong() {
        let title = "Advanced Topics in Computational Epidemiology and Public Health Policy for West Africa, Session Twelve"
        let slug = LectureID.slug(title)
        #expect(slug == "advanced-topics-in-computational")
        #expect(slug.count <= LectureID.maxSlugLength)
        let unbroken = LectureID.slug(String(repeating: "x", count: 200))
        #expect(unbroken == String(repeating: "x", count: 40))
        let id = LectureID.make(title: title, contentHash: hash)
        #expect(id == "advanced-topics-in-computational-3f9a0c1e")
        #expect(LectureID.isValid(id))
    }

    @Test("Stable for the same input, different for different content")
    func stable() {
        #expect(LectureID.make(title: "Intro", contentHash: hash) == LectureID.make(title: "Intro", contentHash: hash))
        #expect(LectureID.make(title: "Intro", contentHash: hash) != LectureID.make(title: "Intro", contentHash: "00000000" + hash.dropFirst(8)))
    }

    @Test("A content hash without 8 hex characters still gives a stable, valid id")
    func shortHash() {
        let id = LectureID.make(title: "Intro", contentHash: "xyz")
        #expect(id.hasPrefix("intro-"))
        #expect(id.count == "intro-".count + 8)
        #expect(LectureID.isValid(id))
        #expect(id == LectureID.make(title: "Intro", contentHash: "xyz"))
    }

    @Test(
        "Every generated id is valid",
        arguments: ["Épidémiologie à Dakar", "线性代数导论", "", "a/../../etc", ".hidden", String(repeating: "Long title ", count: 30)]
    )
    func generatedIDsAreValid(title: String) {
        #expect(LectureID.isValid(LectureID.make(title: title, contentHash: hash)))
    }

    @Test("Valid ids", arguments: ["a", "intro-3f9a0c1e", "lecture-00000000", String(repeating: "a", count: 80)])
    func valid(id: String) {
        #expect(LectureID.isValid(id))
    }

    @Test(
        "Path tricks and other invalid ids are rejected",
        arguments: [
            "", ".", "..", ".hidden", "../etc", "a/b", "a%2fb", "Intro", "intro_1", "intro 1", "épidémie", "-rf", "intro\u{0}",
            String(repeating: "a", count: 81),
        ]
    )
    func invalid(id: String) {
        #expect(!LectureID.isValid(id))
    }
}
