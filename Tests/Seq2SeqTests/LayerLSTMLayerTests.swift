import Testing
import Seq2Seq

struct LayerLSTMLayerTests {
    // Time-major [S, B, I] with S = 4; the longest sentence is not the first, and one has a
    // single token, so padding sits at the end of two rows and is read first when reversed.
    static let lengths = [2, 4, 1]
    static let steps = 4, inputSize = 3, hiddenSize = 2

    static func makeLayer(reversed: Bool, seed: UInt64) -> (LSTMLayer, FloatBuffer) {
        var random = RandomGenerator(seed: seed)
        let layer = LSTMLayer(name: "lstm", inputSize: inputSize, hiddenSize: hiddenSize, reversed: reversed, random: &random)
        GradientCheck.randomize(layer.parameters, random: &random)
        // Padded positions hold values too: the layer must ignore them, not rely on zeros.
        let input = GradientCheck.randomBuffer(count: steps * lengths.count * inputSize, random: &random)
        return (layer, input)
    }

    static func isPadding(_ t: Int, _ b: Int) -> Bool { t >= lengths[b] }

    @Test("LSTMLayer backward matches finite differences with padded lengths; padding gets no gradient",
          arguments: [false, true])
    func gradients(reversed: Bool) {
        let (layer, input) = Self.makeLayer(reversed: reversed, seed: reversed ? 72 : 71)
        let S = Self.steps, B = Self.lengths.count, I = Self.inputSize, H = Self.hiddenSize
        var random = RandomGenerator(seed: 73)
        // The output weights cover padded positions too; their outputs are 0 and must stay inert.
        let wOutputs = GradientCheck.randomBuffer(count: S * B * H, random: &random)
        let wHidden = GradientCheck.randomBuffer(count: B * H, random: &random)
        let wCell = GradientCheck.randomBuffer(count: B * H, random: &random)
        func loss() -> Double {
            layer.forward(input: input.pointer, lengths: Self.lengths, steps: S)
            return GradientCheck.weightedSum(layer.outputs.pointer, wOutputs)
                + GradientCheck.weightedSum(layer.finalHidden.pointer, wHidden)
                + GradientCheck.weightedSum(layer.finalCell.pointer, wCell)
        }
        _ = loss()
        let inputGradient = FloatBuffer(count: S * B * I)
        layer.backward(outputGradient: wOutputs.pointer, finalHiddenGradient: wHidden.pointer,
                       finalCellGradient: wCell.pointer, inputGradient: inputGradient.pointer)

        GradientCheck.expectMatch("dInput", input, analytic: inputGradient.array, loss: loss)
        for p in layer.parameters {
            GradientCheck.expectMatch(p.name, p.value, analytic: p.gradient.array, loss: loss)
        }
        for t in 0..<S { for b in 0..<B where Self.isPadding(t, b) {
            let at = (t * B + b) * I
            #expect(inputGradient.array[at..<(at + I)].allSatisfy { $0 == 0 }, "padded input t=\(t) b=\(b)")
        } }
    }

    @Test("LSTMLayer final state is the state after the last real token, whatever the padding holds",
          arguments: [false, true])
    func paddingDoesNotChangeState(reversed: Bool) {
        let (layer, input) = Self.makeLayer(reversed: reversed, seed: 74)
        let S = Self.steps, B = Self.lengths.count, I = Self.inputSize, H = Self.hiddenSize
        layer.forward(input: input.pointer, lengths: Self.lengths, steps: S)
        let outputs = layer.outputs.array, finalHidden = layer.finalHidden.array, finalCell = layer.finalCell.array

        // Padded outputs are 0, and the final hidden state is the output at the last real token
        // (the first token when reading in reverse).
        for b in 0..<B {
            for t in 0..<S where Self.isPadding(t, b) {
                #expect(outputs[((t * B + b) * H)..<((t * B + b) * H + H)].allSatisfy { $0 == 0 }, "t=\(t) b=\(b)")
            }
            let last = reversed ? 0 : Self.lengths[b] - 1
            #expect(finalHidden[(b * H)..<(b * H + H)] == outputs[((last * B + b) * H)..<((last * B + b) * H + H)],
                    "sentence \(b)")
        }

        // Different padding values change nothing at all.
        let otherInput = FloatBuffer(input.array)
        for t in 0..<S { for b in 0..<B where Self.isPadding(t, b) {
            for k in 0..<I { otherInput[(t * B + b) * I + k] = 7 - Float(k) }
        } }
        layer.forward(input: otherInput.pointer, lengths: Self.lengths, steps: S)
        #expect(layer.outputs.array == outputs)
        #expect(layer.finalHidden.array == finalHidden)
        #expect(layer.finalCell.array == finalCell)

        // Each sentence run alone, unpadded, reaches the same states (the batch GEMM may round
        // differently, hence the tolerance).
        for b in 0..<B {
            let n = Self.lengths[b]
            let alone = FloatBuffer(count: n * I)
            for t in 0..<n { for k in 0..<I { alone[t * I + k] = input[(t * B + b) * I + k] } }
            layer.forward(input: alone.pointer, lengths: [n], steps: n)
            #expect(GradientCheck.maxDifference(layer.finalHidden.array, Array(finalHidden[(b * H)..<(b * H + H)])) < 1e-6,
                    "sentence \(b) hidden")
            #expect(GradientCheck.maxDifference(layer.finalCell.array, Array(finalCell[(b * H)..<(b * H + H)])) < 1e-6,
                    "sentence \(b) cell")
            for t in 0..<n {
                let batchRow = Array(outputs[((t * B + b) * H)..<((t * B + b) * H + H)])
                #expect(GradientCheck.maxDifference(Array(layer.outputs.array[(t * H)..<(t * H + H)]), batchRow) < 1e-6,
                        "sentence \(b) step \(t)")
            }
        }
    }
}
