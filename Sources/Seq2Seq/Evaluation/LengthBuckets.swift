import Foundation

/// A partition of source-sentence lengths (in tokens) into consecutive ranges, given by the first
/// length of each range: lower bounds `[1, 4, 6, 8, 11]` mean 1–3, 4–5, 6–7, 8–10 and 11+.
/// Lengths below the first bound belong to no bucket.
public struct LengthBuckets: Equatable, Sendable {
    /// The first length of each bucket, strictly increasing, all ≥ 0.
    public let lowerBounds: [Int]

    /// 1–3, 4–5, 6–7, 8–10, 11+ tokens: roughly even counts on Tatoeba, whose sentences are short.
    public static let standard = LengthBuckets(validated: [1, 4, 6, 8, 11])

    public init(lowerBounds: [Int]) throws {
        guard !lowerBounds.isEmpty else { throw EvaluationError.invalidLengthBuckets("no bucket given") }
        guard lowerBounds[0] >= 0 else { throw EvaluationError.invalidLengthBuckets("lengths cannot be negative") }
        for (previous, next) in zip(lowerBounds, lowerBounds.dropFirst()) where next <= previous {
            throw EvaluationError.invalidLengthBuckets("lower bounds must increase, but \(next) follows \(previous)")
        }
        self.init(validated: lowerBounds)
    }

    /// Parses a comma-separated list of lower bounds, as given on the command line: `1,4,6,8,11`.
    public init(parsing text: String) throws {
        var bounds: [Int] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            guard let bound = Int(trimmed) else {
                throw EvaluationError.invalidLengthBuckets("'\(trimmed)' in '\(text)' is not a whole number (expected e.g. 1,4,6,8,11)")
            }
            bounds.append(bound)
        }
        try self.init(lowerBounds: bounds)
    }

    private init(validated lowerBounds: [Int]) { self.lowerBounds = lowerBounds }

    public var count: Int { lowerBounds.count }

    /// The bucket holding sentences of `length` tokens, or nil if it is shorter than the first bound.
    public func bucket(forLength length: Int) -> Int? {
        guard let first = lowerBounds.first, length >= first else { return nil }
        // Few buckets: a linear scan from the top beats a binary search.
        var bucket = lowerBounds.count - 1
        while lowerBounds[bucket] > length { bucket -= 1 }
        return bucket
    }

    /// The last length in `bucket`, or nil for the open-ended last bucket.
    public func upperBound(ofBucket bucket: Int) -> Int? {
        bucket + 1 < lowerBounds.count ? lowerBounds[bucket + 1] - 1 : nil
    }

    /// `1-3`, `5` (a single length) or `11+`.
    public func label(ofBucket bucket: Int) -> String {
        let lower = lowerBounds[bucket]
        guard let upper = upperBound(ofBucket: bucket) else { return "\(lower)+" }
        return upper == lower ? "\(lower)" : "\(lower)-\(upper)"
    }
}
