import Testing
import Seq2Seq

struct LayerDropoutTests {
    @Test("Dropout backward applies the forward mask: same zeros, same 1/(1−rate) scale")
    func maskConsistency() {
        var random = RandomGenerator(seed: 41)
        let count = 1000, rate: Float = 0.4
        let dropout = Dropout(rate: rate)
        let input = GradientCheck.randomBuffer(count: count, limit: 2, random: &random)
        let values = FloatBuffer(input.array)
        dropout.forward(values.pointer, count: count, training: true, random: &random)
        let gradient = FloatBuffer([Float](repeating: 1, count: count))
        dropout.backward(gradient.pointer, count: count)
        var dropped = 0
        for i in 0..<count {
            // The mask the forward used is output/input; backward of ones must reproduce it.
            if gradient[i] == 0 {
                dropped += 1
                #expect(values[i] == 0, "element \(i)")
            } else {
                #expect(abs(gradient[i] - 1 / (1 - rate)) < 1e-6, "element \(i)")
                #expect(abs(values[i] - input[i] * gradient[i]) < 1e-6, "element \(i)")
            }
        }
        #expect(dropped > 300 && dropped < 500, "dropped \(dropped) of \(count) at rate \(rate)")
    }

    @Test("Inverted dropout keeps the expectation: the mean output approaches the input")
    func expectation() {
        var random = RandomGenerator(seed: 42)
        let count = 100_000, rate: Float = 0.3
        let dropout = Dropout(rate: rate)
        let values = FloatBuffer([Float](repeating: 0.75, count: count))
        dropout.forward(values.pointer, count: count, training: true, random: &random)
        var sum = 0.0, zeros = 0
        for i in 0..<count { sum += Double(values[i]); if values[i] == 0 { zeros += 1 } }
        // Each output is 0 or 0.75/0.7; the mean's standard deviation is 0.75·√(0.3/0.7/n) ≈ 0.0016.
        #expect(abs(sum / Double(count) - 0.75) < 0.01, "mean \(sum / Double(count))")
        #expect(abs(Double(zeros) / Double(count) - 0.3) < 0.01, "drop fraction \(Double(zeros) / Double(count))")
    }

    @Test("Dropout is the identity at rate 0 and outside training, forwards and backwards")
    func identity() {
        var random = RandomGenerator(seed: 43)
        let input = GradientCheck.randomBuffer(count: 257, random: &random)
        for (rate, training) in [(Float(0), true), (Float(0.5), false)] {
            let dropout = Dropout(rate: rate)
            // A training pass first leaves a mask behind, which the identity pass must discard.
            let scratch = FloatBuffer(input.array)
            dropout.forward(scratch.pointer, count: input.count, training: true, random: &random)
            let values = FloatBuffer(input.array)
            dropout.forward(values.pointer, count: input.count, training: training, random: &random)
            #expect(values.array == input.array, "rate \(rate) training \(training)")
            let gradient = FloatBuffer(input.array)
            dropout.backward(gradient.pointer, count: input.count)
            #expect(gradient.array == input.array, "rate \(rate) training \(training)")
        }
    }
}
