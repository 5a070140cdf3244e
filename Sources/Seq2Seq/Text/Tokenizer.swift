/// Splits a sentence into word and punctuation tokens, after normalising it with
/// `TextNormalizer` (so tokens are lower-case unless `keepCase` is set).
///
/// Choices, all mirrored by `Detokenizer`:
/// - Punctuation is split off as separate tokens: `. , ! ? ; : « » " ( ) …` and any other symbol.
///   A run of `.`, `!`, `?` stays one token (`...`, `?!`).
/// - Numbers keep inner `.`, `,` and `:` between digits: `3.5`, `1,000`, `2:30`.
/// - Dotted acronyms stay whole with their final stop (`u.s.`, `p.m.`); known abbreviations
///   (`mr.`, `dr.`, `etc.`, French `m.`, `mme.`) keep their stop when more text follows.
/// - Hyphenated words stay whole: `peut-être`, `est-ce`, `dis-moi`, `a-t-il`, `twenty-one`.
/// - French elisions are split after the apostrophe: `j'ai` → `j'` `ai`, `qu'il` → `qu'` `il`,
///   `jusqu'à` → `jusqu'` `à`; `aujourd'hui` and `quelqu'un` are single words and stay whole.
/// - English contractions are split Penn Treebank style: `don't` → `do` `n't`, `can't` → `ca`
///   `n't`, `won't` → `wo` `n't`, `i'm` → `i` `'m`, `tom's` → `tom` `'s`, `we'll` → `we` `'ll`.
///   `o'clock`, `ma'am`, `y'all` and `'em` stay whole, and so does a plural possessive
///   (`parents'`), which keeps a lone `'` token unambiguous: it is always a quotation mark.
///
/// The scanner works on the UTF-8 bytes of the normalised text; a 150,000-sentence corpus
/// tokenises in a fraction of a second.
public struct Tokenizer: Sendable {
    public let language: Language
    public let keepCase: Bool
    private let normalizer: TextNormalizer
    private let abbreviations: Set<String>

    public init(language: Language, keepCase: Bool = false) {
        self.language = language
        self.keepCase = keepCase
        self.normalizer = TextNormalizer(keepCase: keepCase)
        self.abbreviations = TokenizationRules.abbreviations(for: language)
    }

    /// The normalised form of `text`, which `Detokenizer` reproduces from the tokens.
    public func normalize(_ text: String) -> String {
        normalizer.normalize(text)
    }

    /// Normalises and tokenises one sentence.
    public func tokenize(_ text: String) -> [String] {
        let bytes = normalizer.normalizedUTF8(text)
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = TokenScanner(bytes: buffer, language: language, abbreviations: abbreviations)
            return scanner.run()
        }
    }
}

/// One pass over normalised UTF-8 (valid, single spaces, no control characters).
private struct TokenScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let language: Language
    let abbreviations: Set<String>
    var tokens: [String] = []
    /// Whether a lone `'` opened a quotation that has not been closed yet; a closing quote
    /// after an `s` must not be read as a plural possessive.
    var singleQuoteOpen = false

    init(bytes: UnsafeBufferPointer<UInt8>, language: Language, abbreviations: Set<String>) {
        self.bytes = bytes
        self.language = language
        self.abbreviations = abbreviations
        tokens.reserveCapacity(bytes.count / 4 + 1)
    }

    private static let space: UInt8 = 0x20
    private static let apostrophe: UInt8 = 0x27
    private static let hyphen: UInt8 = 0x2D
    private static let fullStop: UInt8 = 0x2E
    private static let comma: UInt8 = 0x2C
    private static let colon: UInt8 = 0x3A
    private static let exclamation: UInt8 = 0x21
    private static let question: UInt8 = 0x3F

    mutating func run() -> [String] {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == Self.space {
                index += 1
                continue
            }
            let (scalar, length) = decode(at: index)
            if Self.isWordScalar(scalar) {
                index = scanWord(from: index)
                continue
            }
            switch byte {
            case Self.fullStop, Self.exclamation, Self.question:
                var end = index + 1
                while end < count, bytes[end] == Self.fullStop || bytes[end] == Self.exclamation || bytes[end] == Self.question {
                    end += 1
                }
                emit(index, end)
                index = end
            case Self.apostrophe:
                if let end = leadingElisionEnd(apostropheAt: index) {
                    emit(index, end)
                    index = end
                } else {
                    emit(index, index + 1)
                    singleQuoteOpen.toggle()
                    index += 1
                }
            default:
                emit(index, index + length)
                index += length
            }
        }
        return tokens
    }

    // MARK: Words

    /// Scans the word starting at `start`, emits its tokens and returns the index after it.
    private mutating func scanWord(from start: Int) -> Int {
        let count = bytes.count
        if let end = acronymEnd(from: start) {
            emit(start, end)
            return end
        }
        var end = start
        var previousIsDigit = false
        while end < count {
            let (scalar, length) = decode(at: end)
            if Self.isWordScalar(scalar) {
                previousIsDigit = scalar >= 0x30 && scalar <= 0x39
                end += length
                continue
            }
            guard end + 1 < count else { break }
            let byte = bytes[end]
            if byte == Self.apostrophe || byte == Self.hyphen {
                if Self.isWordScalar(decode(at: end + 1).scalar) {
                    end += 1
                    continue
                }
            } else if byte == Self.fullStop || byte == Self.comma || byte == Self.colon {
                let next = bytes[end + 1]
                if previousIsDigit && next >= 0x30 && next <= 0x39 {
                    end += 1
                    continue
                }
            }
            break
        }

        // A known abbreviation keeps its full stop when the sentence goes on after it.
        if end + 1 < count, bytes[end] == Self.fullStop, bytes[end + 1] == Self.space,
           abbreviations.contains(lowercasedKey(start, end)) {
            emit(start, end + 1)
            return end + 1
        }

        var wordEnd = end
        if end < count, bytes[end] == Self.apostrophe,
           end + 1 == count || !Self.isWordScalar(decode(at: end + 1).scalar) {
            // A trailing apostrophe: French elision before a space (`n' y`), English plural
            // possessive (`parents'`), or else a closing quotation mark left for `run()`.
            switch language {
            case .fr:
                if TokenizationRules.frenchElisions.contains(lowercasedKey(start, end)) { wordEnd = end + 1 }
            case .en:
                if !singleQuoteOpen, bytes[end - 1] | 0x20 == 0x73 { wordEnd = end + 1 }
            }
        }

        switch language {
        case .fr: emitFrenchWord(start, wordEnd)
        case .en: emitEnglishWord(start, wordEnd)
        }
        return wordEnd
    }

    /// Splits leading elisions off a French word: `jusqu'aujourd'hui` → `jusqu'` `aujourd'hui`.
    private mutating func emitFrenchWord(_ start: Int, _ end: Int) {
        var start = start
        while start < end {
            guard let apostrophe = firstApostrophe(start, end), apostrophe > start,
                  TokenizationRules.frenchElisions.contains(lowercasedKey(start, apostrophe)) else { break }
            emit(start, apostrophe + 1)
            start = apostrophe + 1
        }
        if start < end { emit(start, end) }
    }

    /// Splits trailing clitics off an English word: `wouldn't've` → `would` `n't` `'ve`.
    private mutating func emitEnglishWord(_ start: Int, _ end: Int) {
        guard firstApostrophe(start, end) != nil else {
            emit(start, end)
            return
        }
        var stemEnd = end
        var suffixStarts: [Int] = []
        while true {
            let length = stemEnd - start
            if length >= 4, bytes[stemEnd - 2] == Self.apostrophe,
               bytes[stemEnd - 3] | 0x20 == 0x6E, bytes[stemEnd - 1] | 0x20 == 0x74 {
                stemEnd -= 3  // n't
            } else if length >= 3, bytes[stemEnd - 2] == Self.apostrophe,
                      TokenizationRules.englishContractionSuffixes.contains(lowercasedKey(stemEnd - 2, stemEnd)) {
                stemEnd -= 2  // 's 'm 'd
            } else if length >= 4, bytes[stemEnd - 3] == Self.apostrophe,
                      TokenizationRules.englishContractionSuffixes.contains(lowercasedKey(stemEnd - 3, stemEnd)) {
                stemEnd -= 3  // 're 've 'll
            } else {
                break
            }
            suffixStarts.append(stemEnd)
        }
        // Suffixes were found right to left; emit them left to right.
        emit(start, stemEnd)
        var pieceStart = stemEnd
        for suffixStart in suffixStarts.reversed().dropFirst() {
            emit(pieceStart, suffixStart)
            pieceStart = suffixStart
        }
        if pieceStart < end { emit(pieceStart, end) }
    }

    /// `u.s.`, `p.m.`: single ASCII letters each followed by a full stop, at least two.
    private func acronymEnd(from start: Int) -> Int? {
        let count = bytes.count
        var index = start
        var letters = 0
        while index + 1 < count, Self.isASCIILetter(bytes[index]), bytes[index + 1] == Self.fullStop {
            letters += 1
            index += 2
        }
        guard letters >= 2 else { return nil }
        if index < count, Self.isWordScalar(decode(at: index).scalar) { return nil }
        return index
    }

    /// The end of an English `'em`-style word whose apostrophe is at `index`, if it is one.
    private func leadingElisionEnd(apostropheAt index: Int) -> Int? {
        guard language == .en else { return nil }
        let count = bytes.count
        var end = index + 1
        while end < count, Self.isASCIILetter(bytes[end]) { end += 1 }
        guard end > index + 1 else { return nil }
        if end < count, Self.isWordScalar(decode(at: end).scalar) || bytes[end] == Self.apostrophe { return nil }
        return TokenizationRules.englishLeadingElisions.contains(lowercasedKey(index + 1, end)) ? end : nil
    }

    // MARK: Bytes

    private mutating func emit(_ start: Int, _ end: Int) {
        tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    private func firstApostrophe(_ start: Int, _ end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == Self.apostrophe { return index }
            index += 1
        }
        return nil
    }

    /// The bytes in `start..<end` lower-cased (ASCII and Latin-1 capitals), for rule look-ups
    /// in `keepCase` mode.
    private func lowercasedKey(_ start: Int, _ end: Int) -> String {
        var key = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<end]))
        var index = 0
        while index < key.count {
            let byte = key[index]
            if byte >= 0x41 && byte <= 0x5A {
                key[index] = byte | 0x20
            } else if byte == 0xC3, index + 1 < key.count, key[index + 1] >= 0x80, key[index + 1] <= 0x9E, key[index + 1] != 0x97 {
                key[index + 1] += 0x20
                index += 1
            }
            index += 1
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// Decodes the scalar starting at `index` of (valid) UTF-8.
    @inline(__always)
    private func decode(at index: Int) -> (scalar: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F), 2)
        }
        if lead < 0xF0 {
            return (((lead & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6)
                | (UInt32(bytes[index + 2]) & 0x3F), 3)
        }
        return (((lead & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F), 4)
    }

    @inline(__always)
    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    /// Letters, combining marks and digits of any script.
    @inline(__always)
    static func isWordScalar(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            let byte = UInt8(scalar)
            return isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39)
        }
        if scalar < 0x100 {
            // Latin-1 letters except × and ÷; ª º µ ² ³ ¹.
            switch scalar {
            case 0xC0...0xFF: return scalar != 0xD7 && scalar != 0xF7
            case 0xAA, 0xBA, 0xB5, 0xB2, 0xB3, 0xB9: return true
            default: return false
            }
        }
        guard let unicodeScalar = Unicode.Scalar(scalar) else { return false }
        switch unicodeScalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
