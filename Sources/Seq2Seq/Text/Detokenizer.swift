/// Joins tokens back into natural text; the inverse of `Tokenizer` on normalised text, so
/// `detokenize(tokenize(s)) == normalize(s)` for ordinary sentences.
///
/// Spacing rules:
/// - English: no space before `. , ! ? ; : ) % …` nor before `n't 's 'm 'd 're 've 'll`;
///   no space after `(`.
/// - French: a plain space before `! ? ; :` (French typography; the corpus's U+202F and
///   U+00A0 are normalised to spaces), none before `. , ) % …`; elisions are glued to the
///   next word (`j'` `ai` → `j'ai`); `«` and `»` take a space on their inner side
///   (`« non »`).
/// - Both: `"` and a lone `'` alternate between opening (no space after) and closing (no
///   space before); `/` is glued on both sides; `$ € £` are glued to the number they follow
///   (`100$`), otherwise to the next token (`$100`), as the corpus writes them.
///
/// With `capitalize`, the first letter of each sentence is upper-cased, and in English so is the
/// pronoun `i`; this is for showing lower-cased model output to people.
public struct Detokenizer: Sendable {
    public let language: Language

    public init(language: Language) {
        self.language = language
    }

    /// Rebuilds a sentence from tokens.
    public func detokenize(_ tokens: [String], capitalize: Bool = false) -> String {
        var output = ""
        output.reserveCapacity(tokens.count * 6)
        var previous: Spacing? = nil
        var doubleQuoteOpen = false
        var singleQuoteOpen = false
        var atSentenceStart = true

        var previousToken: String? = nil
        for token in tokens where !token.isEmpty {
            var spacing = spacing(of: token, after: previousToken)
            if token == "\"" {
                spacing = doubleQuoteOpen ? .closing : .opening
                doubleQuoteOpen.toggle()
            } else if token == "'" {
                spacing = singleQuoteOpen ? .closing : .opening
                singleQuoteOpen.toggle()
            }
            if let previous, !previous.gluesRight, !spacing.gluesLeft {
                output.append(" ")
            }
            if capitalize {
                output.append(capitalized(token, atSentenceStart: &atSentenceStart))
            } else {
                output.append(token)
            }
            previous = spacing
            previousToken = token
        }
        return output
    }

    // MARK: Spacing

    private struct Spacing {
        /// No space between this token and the one before it.
        var gluesLeft = false
        /// No space between this token and the one after it.
        var gluesRight = false

        static let word = Spacing()
        static let opening = Spacing(gluesLeft: false, gluesRight: true)
        static let closing = Spacing(gluesLeft: true, gluesRight: false)
        static let infix = Spacing(gluesLeft: true, gluesRight: true)
    }

    private func spacing(of token: String, after previousToken: String?) -> Spacing {
        let first = token.unicodeScalars.first?.value ?? 0
        switch first {
        case 0x2E, 0x2C, 0x29, 0x5D, 0x7D, 0x25, 0x2026:  // . , ) ] } % …
            return .closing
        case 0x21, 0x3F, 0x3B, 0x3A:  // ! ? ; :
            return language == .fr ? .word : .closing
        case 0x28, 0x5B, 0x7B:  // ( [ {
            return .opening
        case 0x2F:  // /
            return .infix
        case 0x24, 0x20AC, 0xA3:  // $ € £ stick to their amount: `$100`, `100$`
            let followsNumber = previousToken?.unicodeScalars.last.map { $0.properties.numericType != nil } ?? false
            return followsNumber ? .closing : .opening
        case 0xAB:  // «
            return language == .fr ? .word : .opening
        case 0xBB:  // »
            return language == .fr ? .word : .closing
        default:
            break
        }
        switch language {
        case .en:
            if (first == 0x27 || first == 0x6E || first == 0x4E),
               TokenizationRules.englishContractionSuffixes.contains(token.lowercased()) {
                return .closing
            }
        case .fr:
            if token.utf8.count > 1, token.utf8.last == 0x27,
               TokenizationRules.frenchElisions.contains(String(token.lowercased().dropLast())) {
                return .opening
            }
        }
        return .word
    }

    // MARK: Capitals

    private func capitalized(_ token: String, atSentenceStart: inout Bool) -> String {
        guard let first = token.unicodeScalars.first else { return token }
        if Self.endsSentence(token) {
            atSentenceStart = true
            return token
        }
        guard first.properties.isAlphabetic || first.properties.numericType != nil else {
            return token  // quotes, brackets and dashes leave a sentence start pending
        }
        let wasSentenceStart = atSentenceStart
        atSentenceStart = false
        if wasSentenceStart || (language == .en && token == "i") {
            return token.prefix(1).uppercased() + token.dropFirst()
        }
        return token
    }

    /// `.`, `!`, `?`, `…` and runs of them (`...`, `?!`).
    private static func endsSentence(_ token: String) -> Bool {
        token.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x2E, 0x21, 0x3F, 0x2026: return true
            default: return false
            }
        }
    }
}
