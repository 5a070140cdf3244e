/// Maps attention weights in [0, 1] to terminal shades: block glyphs for plain text and
/// 256-colour greys for colour output.
public enum AlignmentShadeRamp {
    /// Glyphs from weight 0 to weight 1; glyph `i` stands for weight `i / 4`.
    public static let glyphs: [Character] = [" ", "░", "▒", "▓", "█"]

    /// Index into ``glyphs`` of the level nearest to `weight` (levels 0, 0.25, 0.5, 0.75, 1).
    public static func level(for weight: Float) -> Int {
        guard weight.isFinite else { return 0 }
        let scaled = (weight * Float(glyphs.count - 1)).rounded()
        return min(glyphs.count - 1, max(0, Int(scaled)))
    }

    /// The glyph for `weight`, repeated to fill a cell `width` columns wide.
    public static func cell(for weight: Float, width: Int) -> String {
        String(repeating: glyphs[level(for: weight)], count: width)
    }

    /// The xterm 256-colour grey for `weight`: 232 (near black) at 0 to 255 (near white) at 1.
    ///
    /// Ink grows with weight, as with the glyphs on a dark terminal, so the peaks stand out.
    public static func ansiGrey(for weight: Float) -> Int {
        let clamped = weight.isFinite ? min(1, max(0, weight)) : 0
        return 232 + Int((clamped * 23).rounded())
    }

    /// Whether text drawn on ``ansiGrey(for:)`` should be dark to stay readable.
    public static func needsDarkText(onWeight weight: Float) -> Bool {
        ansiGrey(for: weight) >= 244
    }
}
