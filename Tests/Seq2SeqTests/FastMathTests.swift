import Foundation
import Seq2Seq
import Testing

/// Evaluates `vectorFunction` on every float of a dense grid over `range` (16 lanes at a time)
/// and returns the largest error against `exact`, absolute or relative.
private func maxError(
    over range: ClosedRange<Double>, points: Int, relative: Bool = false,
    _ vectorFunction: (SIMD16<Float>) -> SIMD16<Float>, exact: (Double) -> Double
) -> Double {
    var worst = 0.0
    let step = (range.upperBound - range.lowerBound) / Double(points - 1)
    var index = 0
    while index < points {
        var input = SIMD16<Float>()
        for lane in 0..<16 { input[lane] = Float(range.lowerBound + Double(min(points - 1, index + lane)) * step) }
        let output = vectorFunction(input)
        for lane in 0..<16 {
            let expected = exact(Double(input[lane]))
            let error = abs(Double(output[lane]) - expected) / (relative ? abs(expected) : 1)
            worst = error.isNaN ? .infinity : max(worst, error)
        }
        index += 16
    }
    return worst
}

@Test func tanhIsAccurateOverDenseGrid() {
    let error = maxError(over: -30...30, points: 1_200_000, FastMath.tanh, exact: Foundation.tanh)
    #expect(error <= 1e-6)
    // Near zero tanh(x) ≈ x: the absolute error must shrink with x (no constant offset).
    #expect(maxError(over: -1e-3...1e-3, points: 20_000, FastMath.tanh, exact: Foundation.tanh) <= 1e-9)
}

@Test func sigmoidIsAccurateOverDenseGrid() {
    let error = maxError(over: -30...30, points: 1_200_000, FastMath.sigmoid, exact: { 1 / (1 + Foundation.exp(-$0)) })
    #expect(error <= 1e-6)
}

@Test func expIsAccurateOverItsRange() {
    let error = maxError(over: -87...88, points: 700_000, relative: true, FastMath.exp, exact: Foundation.exp)
    #expect(error <= 3e-7)
}

@Test func saturationAndSpecialValues() {
    // Where the exact values round to ±1 (tanh beyond ≈ 8.7, sigmoid beyond ≈ 17.3), so must ours.
    for x: Float in [.infinity, .greatestFiniteMagnitude, 1e30, 100, 30, 9.5, 8.8] {
        #expect(FastMath.tanh(x) == 1 && FastMath.tanh(-x) == -1, "tanh ±\(x)")
    }
    for x: Float in [.infinity, .greatestFiniteMagnitude, 1e30, 100, 40, 17.5] {
        #expect(FastMath.sigmoid(x) == 1 && FastMath.sigmoid(-x) < 1e-7, "sigmoid ±\(x)")
    }
    // |tanh| never exceeds 1 anywhere.
    for step in 0...20_000 {
        let x = Float(step) * 0.001
        #expect(abs(FastMath.tanh(x)) <= 1)
    }
    #expect(FastMath.tanh(0) == 0 && FastMath.sigmoid(0) == 0.5 && FastMath.exp(0) == 1)
    #expect(FastMath.exp(-.infinity) == 0 && FastMath.exp(-100) == 0 && FastMath.exp(-1e30) == 0)
    #expect(FastMath.exp(.infinity) == .infinity && FastMath.exp(89) == .infinity)
    #expect(FastMath.exp(88.7).isFinite && FastMath.exp(-87).isNormal)
    #expect(FastMath.tanh(.nan).isNaN && FastMath.sigmoid(.nan).isNaN && FastMath.exp(.nan).isNaN)
    // Odd symmetry of tanh is exact.
    for x: Float in [0.1, 0.7, 2.5, 5, 8.9] { #expect(FastMath.tanh(-x) == -FastMath.tanh(x)) }
}

@Test(arguments: [0, 1, 15, 16, 17, 100])
func bufferHelpersMatchScalarVersions(count: Int) {
    var random = RandomGenerator(seed: UInt64(count))
    let input = (0..<count).map { _ in random.nextUniform(limit: 12) }
    var output = [Float](repeating: .nan, count: count + 1)  // the extra slot must stay untouched
    let cases: [((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void, (Float) -> Float)] = [
        ({ FastMath.tanh(in: $0, out: $1, count: $2) }, { FastMath.tanh($0) }),
        ({ FastMath.sigmoid(in: $0, out: $1, count: $2) }, { FastMath.sigmoid($0) }),
        ({ FastMath.exp(in: $0, out: $1, count: $2) }, { FastMath.exp($0) }),
    ]
    for (buffered, scalar) in cases {
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                buffered(source.baseAddress!, target.baseAddress!, count)
            }
        }
        #expect(Array(output.prefix(count)) == input.map(scalar))
        #expect(output[count].isNaN)
        // In place.
        var inPlace = input
        inPlace.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { buffered(base, base, count) }
        }
        #expect(inPlace == input.map(scalar))
    }
}

@Test("The vector square root is bitwise the scalar one, special values included")
func squareRootIsExact() {
    var random = RandomGenerator(seed: 17)
    var values: [Float] = [0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, 2, 4, .greatestFiniteMagnitude,
                           .infinity, -1, -.infinity, .nan, 1e-30, 3e-42]
    for _ in 0..<4_000 {
        // Magnitudes from 1e-38 to 1e38, as Adam's second moments span.
        values.append(Float(Foundation.pow(10, Double(random.nextUniform(limit: 38)))) * abs(random.nextUniform(limit: 1)))
    }
    while values.count % 16 != 0 { values.append(0.5) }
    for start in stride(from: 0, to: values.count, by: 16) {
        var x = FastMath.Vector()
        for lane in 0..<16 { x[lane] = values[start + lane] }
        let y = FastMath.squareRoot(x)
        for lane in 0..<16 {
            let expected = x[lane].squareRoot()
            #expect(y[lane].bitPattern == expected.bitPattern || (y[lane].isNaN && expected.isNaN), "sqrt(\(x[lane]))")
        }
    }
}
