import Testing
import Seq2Seq

/// Central finite differences for the per-layer gradient tests.
///
/// Each layer is checked on its own under the scalar loss `L = Σ w_i·y_i` with fixed random
/// weights `w`, so `dL/dy = w` is exactly what its backward receives. The forward passes run in
/// Float32, so the differences are noisy: the error is relative, `|n − a| / max(floor, |n| + |a|)`.
/// A wrong sign gives an error of 1, a dropped or doubled term typically 0.1 or more; the
/// tolerance sits well below that and well above the observed noise (below 2e-3).
enum GradientCheck {
    /// The largest relative error accepted.
    static let tolerance = 1e-2
    /// Absolute gradients below this are compared absolutely rather than relatively.
    static let floor = 5e-3
    /// The central-difference step (inputs and weights are of order 1).
    static let step: Float = 1e-2

    /// The worst element of one comparison.
    struct Worst: CustomStringConvertible {
        var error = 0.0, index = -1, analytic = 0.0, numeric = 0.0
        /// The largest |numeric| seen: guards against a check that passes because nothing moved.
        var largestNumeric = 0.0
        var description: String {
            "relative error \(error) at [\(index)]: analytic \(analytic), numeric \(numeric)"
        }
    }

    /// Compares `analytic` with central differences of `loss`, perturbing each element of
    /// `variable` (or only those in `indices`) in turn and restoring it afterwards.
    static func compare(_ variable: FloatBuffer, analytic: [Float], indices: [Int]? = nil,
                        loss: () -> Double) -> Worst {
        var worst = Worst()
        for i in indices ?? Array(0..<variable.count) {
            let saved = variable[i]
            variable[i] = saved + step
            let plus = loss()
            variable[i] = saved - step
            let minus = loss()
            variable[i] = saved
            let numeric = (plus - minus) / Double(2 * step)
            let a = Double(analytic[i])
            var error = abs(numeric - a) / max(floor, abs(numeric) + abs(a))
            if error.isNaN { error = .infinity }
            worst.largestNumeric = max(worst.largestNumeric, abs(numeric))
            if error > worst.error || worst.index < 0 {
                worst.error = error; worst.index = i; worst.analytic = a; worst.numeric = numeric
            }
        }
        return worst
    }

    /// Expects `analytic` to match the finite differences of `loss` with respect to `variable`,
    /// and the gradient not to vanish (a check of all zeros proves nothing).
    static func expectMatch(_ label: String, _ variable: FloatBuffer, analytic: [Float], indices: [Int]? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation, loss: () -> Double) {
        let worst = compare(variable, analytic: analytic, indices: indices, loss: loss)
        #expect(worst.error < tolerance, "\(label): \(worst)", sourceLocation: sourceLocation)
        #expect(worst.largestNumeric > 10 * floor, "\(label): gradient vanishes", sourceLocation: sourceLocation)
    }

    /// `Σ w_i·y_i` in double precision.
    static func weightedSum(_ y: UnsafePointer<Float>, _ w: FloatBuffer) -> Double {
        var sum = 0.0
        for i in 0..<w.count { sum += Double(w[i]) * Double(y[i]) }
        return sum
    }

    /// A buffer of `count` uniform values in [-limit, limit).
    static func randomBuffer(count: Int, limit: Float = 1, random: inout RandomGenerator) -> FloatBuffer {
        let buffer = FloatBuffer(count: count)
        for i in 0..<count { buffer[i] = random.nextUniform(limit: limit) }
        return buffer
    }

    /// Overwrites every parameter (biases included, which start at zero or one) with uniform
    /// values in [-limit, limit), so every term of the gradient matters.
    static func randomize(_ parameters: [Parameter], limit: Float = 1, random: inout RandomGenerator) {
        for p in parameters { p.initializeUniform(limit: limit, using: &random) }
    }

    /// The largest absolute elementwise difference (infinite when the counts differ).
    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            let difference = abs(x - y)
            if difference.isNaN { return .infinity }
            worst = max(worst, difference)
        }
        return worst
    }

    /// Clears every gradient.
    static func zeroGradients(_ parameters: [Parameter]) {
        for p in parameters { p.gradient.zero() }
    }
}
