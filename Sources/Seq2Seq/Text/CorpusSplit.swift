/// A deterministic training/validation split.
///
/// Each pair goes to validation when a stable hash of its normalised text (both sides,
/// lower-cased; see `TextNormalizer`) falls below `validationFraction`. The decision depends on
/// the pair alone, so it is the same on every run and machine, a pair never changes sides when
/// lines are added to or removed from the corpus, and pairs that differ only in spacing, case or
/// apostrophe style land on the same side.
public struct CorpusSplit: Sendable {
    /// The expected share of pairs that go to validation, in [0, 1].
    public let validationFraction: Double
    /// Varies the split: a different seed picks a different, equally stable, validation set.
    public let seed: UInt64
    private let normalizer = TextNormalizer()

    public init(validationFraction: Double, seed: UInt64 = 0) {
        self.validationFraction = min(max(validationFraction, 0), 1)
        self.seed = seed
    }

    /// Where `pair` falls in [0, 1); it goes to validation below `validationFraction`.
    public func position(of pair: SentencePair) -> Double {
        var hash = StableHash(seed: seed)
        hash.combine(normalizer.normalize(pair.source))
        hash.combine(normalizer.normalize(pair.target))
        return hash.unitInterval
    }

    /// Whether `pair` belongs to the validation set.
    public func isValidation(_ pair: SentencePair) -> Bool {
        position(of: pair) < validationFraction
    }

    /// Whether the pair (`source` and `target` as in the corpus's columns) belongs to the
    /// validation set of a split with this fraction and seed.
    public static func isValidation(source: String, target: String, fraction: Double, seed: UInt64 = 0) -> Bool {
        CorpusSplit(validationFraction: fraction, seed: seed).isValidation(SentencePair(source: source, target: target))
    }

    /// Divides `pairs`, keeping their order within each part.
    public func split(_ pairs: [SentencePair]) -> (training: [SentencePair], validation: [SentencePair]) {
        var training: [SentencePair] = []
        var validation: [SentencePair] = []
        training.reserveCapacity(pairs.count)
        for pair in pairs {
            if isValidation(pair) {
                validation.append(pair)
            } else {
                training.append(pair)
            }
        }
        return (training, validation)
    }
}
