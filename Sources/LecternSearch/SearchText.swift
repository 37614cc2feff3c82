import Foundation
import LecternPackage

/// How text becomes search terms, the same for what is indexed and what is asked: case, accents and width folded
/// ("Prévention" finds "prevention"); Latin, Cyrillic and other spaced scripts split into words; Chinese, Japanese
/// and Korean, written without spaces, as every character and every pair of neighbouring characters, so that any
/// word of two or more characters is found as the pairs it is made of.
public enum SearchText {
    /// Folded for matching: lower case, no accents, full-width forms narrowed.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// A piece of folded text: a word, or a run of CJK characters.
    enum Piece: Equatable {
        case word(String)
        case cjk([Character])
    }

    static func pieces(_ folded: String) -> [Piece] {
        var pieces: [Piece] = []
        var word = ""
        var cjk: [Character] = []
        func flush() {
            if !word.isEmpty { pieces.append(.word(word)) }
            if !cjk.isEmpty { pieces.append(.cjk(cjk)) }
            word = ""
            cjk = []
        }
        for character in folded {
            if let scalar = character.unicodeScalars.first, scalar.isCJK {
                if !word.isEmpty { flush() }
                cjk.append(character)
            } else if character.isLetter || character.isNumber {
                if !cjk.isEmpty { flush() }
                word.append(character)
            } else {
                flush()
            }
        }
        flush()
        return pieces
    }

    /// Every term of a text, for the index (repeats kept out).
    public static func indexTerms(_ text: String) -> Set<String> {
        var terms: Set<String> = []
        for piece in pieces(fold(text)) {
            switch piece {
            case .word(let word): terms.insert(word)
            case .cjk(let characters):
                for (index, character) in characters.enumerated() {
                    terms.insert(String(character))
                    if index + 1 < characters.count { terms.insert(String([character, characters[index + 1]])) }
                }
            }
        }
        return terms
    }

    /// What a query asks for: every term must be found. A CJK run of two or more characters asks for its pairs, a lone
    /// character for itself. `prefix` is the last word when the query ends inside it (three letters or more), which
    /// then matches any word it starts ("rehyd" finds "rehydration").
    public static func queryTerms(_ query: String) -> (terms: [String], prefix: String?) {
        var terms: [String] = []
        let all = pieces(fold(query))
        for piece in all {
            switch piece {
            case .word(let word): terms.append(word)
            case .cjk(let characters):
                if characters.count == 1 { terms.append(String(characters)) }
                for index in characters.indices.dropLast() { terms.append(String([characters[index], characters[index + 1]])) }
            }
        }
        var prefix: String?
        if case .word(let last) = all.last, last.count >= 3, let final = query.last, final.isLetter || final.isNumber {
            prefix = last
            terms.removeLast()
        }
        var seen: Set<String> = []
        return (terms.filter { seen.insert($0).inserted }, prefix)
    }
}
