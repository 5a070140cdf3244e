/// The per-language word lists shared by `Tokenizer` and `Detokenizer`, so that what one
/// splits the other glues back. All entries are lower-case.
enum TokenizationRules {
    /// French words that elide their final vowel before a vowel (`j'ai`, `qu'il`, `jusqu'à`).
    /// They become their own token, apostrophe included (`j'`). `aujourd'hui`, `quelqu'un` and
    /// `prud'homme` are not elisions of a separate word, so they are absent and stay whole.
    static let frenchElisions: Set<String> = [
        "c", "ç", "d", "j", "l", "m", "n", "s", "t",
        "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    ]

    /// English clitics split from their host in Penn Treebank style (`do n't`, `i 'm`).
    static let englishContractionSuffixes: Set<String> = [
        "n't", "'s", "'m", "'d", "'re", "'ve", "'ll",
    ]

    /// English words written with a leading apostrophe (`'em`), kept as one token so the
    /// apostrophe is not mistaken for an opening quote.
    static let englishLeadingElisions: Set<String> = ["em", "cause", "til", "tis", "twas"]

    /// Abbreviations that keep their full stop when more text follows (`mr. smith`).
    static func abbreviations(for language: Language) -> Set<String> {
        switch language {
        case .en: return englishAbbreviations
        case .fr: return frenchAbbreviations
        }
    }

    private static let englishAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "mt", "st", "jr", "sr", "vs", "etc", "prof", "gen", "lt", "col", "capt", "sgt",
    ]
    private static let frenchAbbreviations: Set<String> = [
        "m", "mm", "mme", "mlle", "dr", "st", "ste", "etc", "cf", "av", "bd", "vs",
    ]
}
