import Foundation

/// Shows training progress: a live bar redrawn in place on a terminal, plain log lines
/// otherwise (so a log file or CI output stays readable).
public final class ProgressReporter {
    private let isTerminal: Bool
    private let write: (String) -> Void
    private var lastDraw = ContinuousClock.now
    private var lastLoggedFraction = 0.0

    /// `isTerminal` decides the style; `write` receives text (no newline added).
    public init(isTerminal: Bool = isatty(STDOUT_FILENO) != 0, write: @escaping (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }) {
        self.isTerminal = isTerminal
        self.write = write
    }

    /// A progress update within an epoch.
    public func step(epoch: Int, epochs: Int, step: Int, steps: Int, loss: Double, tokensPerSecond: Double, elapsed: Double) {
        let fraction = Double(step) / Double(max(steps, 1))
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let figures = "loss \(format(loss, 3))  \(Int(tokensPerSecond)) tok/s  ETA \(duration(eta))"
        if isTerminal {
            let now = ContinuousClock.now
            guard step == steps || now - lastDraw > .milliseconds(100) else { return }
            lastDraw = now
            let width = 24, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write("\r\u{1B}[2Kepoch \(epoch)/\(epochs) \(bar) \(step)/\(steps)  \(figures)")
            if step == steps { write("\r\u{1B}[2K") }
        } else {
            if step == 1 { lastLoggedFraction = 0 }
            guard fraction - lastLoggedFraction >= 0.25 || step == steps else { return }
            lastLoggedFraction = fraction
            write("epoch \(epoch)/\(epochs) step \(step)/\(steps)  \(figures)\n")
        }
    }

    /// A line that is not a progress update.
    public func line(_ text: String) {
        write(text + "\n")
    }

    private func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}

/// `1:05` or `1:02:03`.
public func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "--:--" }
    let s = Int(seconds.rounded())
    return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
}
