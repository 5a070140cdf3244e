/// The few pieces of Python's `str` behaviour that sacreBLEU's results depend on, reproduced on
/// Unicode scalars.
///
/// sacreBLEU works on Python strings: sequences of code points compared exactly, split on Python's
/// notion of whitespace and lowercased with `str.lower()`. Swift's `String` compares by canonical
/// equivalence and iterates grapheme clusters, so the metrics work on `[UInt32]` code points instead
/// and use these helpers wherever sacreBLEU calls a `str` method.
enum PythonStringSemantics {
    /// The code points of `text`, exactly as Python sees them (no normalisation).
    @inline(__always)
    static func scalars(of text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { result.append(scalar.value) }
        return result
    }

    /// Rebuilds a `String` from code points produced by `scalars(of:)` or derived from them.
    static func string<C: Collection>(from scalars: C) -> String where C.Element == UInt32 {
        var view = String.UnicodeScalarView()
        for value in scalars {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }

    /// `str.isspace()` for one code point: the set `str.split()` and `str.rstrip()` use.
    /// Python 3.11 counts these 29 code points (bidi classes WS, B, S and category Zs). Note that
    /// U+00A0 and U+202F (French non-breaking spaces) are whitespace, U+200B is not.
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        if value <= 0x20 {
            return value == 0x20 || (value >= 0x09 && value <= 0x0D) || (value >= 0x1C && value <= 0x1F)
        }
        if value < 0x85 { return false }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `str.rstrip()`: drops trailing whitespace.
    static func droppingTrailingWhitespace(_ scalars: [UInt32]) -> [UInt32] {
        var end = scalars.count
        while end > 0 && isWhitespace(scalars[end - 1]) { end -= 1 }
        return end == scalars.count ? scalars : Array(scalars[..<end])
    }

    /// `''.join(line.split())`: the code points with all whitespace removed (chrF's view of a line).
    static func removingWhitespace(_ scalars: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(scalars.count)
        for value in scalars where !isWhitespace(value) { result.append(value) }
        return result
    }

    /// `str.lower()`: full Unicode lowercase mapping (so U+0130 becomes two code points) plus
    /// Python's context-dependent final sigma. ASCII takes a fast path.
    static func lowercased(_ scalars: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(scalars.count)
        for index in scalars.indices {
            let value = scalars[index]
            if value < 0x80 {
                result.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
                continue
            }
            guard let scalar = Unicode.Scalar(value) else { result.append(value); continue }
            if value == 0x03A3 {
                // Greek capital sigma becomes final sigma (U+03C2) at the end of a word.
                result.append(isFinalSigma(at: index, in: scalars) ? 0x03C2 : 0x03C3)
                continue
            }
            for mapped in scalar.properties.lowercaseMapping.unicodeScalars { result.append(mapped.value) }
        }
        return result
    }

    /// Unicode's Final_Sigma condition as Python implements it: a cased letter before (skipping
    /// case-ignorable code points) and no cased letter after (likewise).
    private static func isFinalSigma(at index: Int, in scalars: [UInt32]) -> Bool {
        func properties(_ value: UInt32) -> Unicode.Scalar.Properties? { Unicode.Scalar(value)?.properties }
        var before = index - 1
        while before >= 0, let p = properties(scalars[before]), p.isCaseIgnorable { before -= 1 }
        guard before >= 0, let previous = properties(scalars[before]), previous.isCased else { return false }
        var after = index + 1
        while after < scalars.count, let p = properties(scalars[after]), p.isCaseIgnorable { after += 1 }
        if after < scalars.count, let next = properties(scalars[after]), next.isCased { return false }
        return true
    }
}
