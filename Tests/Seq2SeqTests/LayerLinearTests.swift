import Testing
import Seq2Seq

struct LayerLinearTests {
    @Test("Linear computes x·Wᵀ + b on a hand-written case")
    func forwardByHand() {
        var random = RandomGenerator(seed: 1)
        let layer = Linear(name: "test", inputSize: 2, outputSize: 3, bias: true, random: &random)
        layer.weight.value.copy(from: [1, 2,
                                       -3, 0.5,
                                       0, -1])
        layer.bias!.value.copy(from: [0.25, -1, 2])
        let x = FloatBuffer([2, -1,
                             0.5, 4])
        let y = FloatBuffer(count: 6)
        layer.forward(input: x.pointer, rows: 2, output: y.pointer)
        // Row 0: [1·2 + 2·(−1) + 0.25, −3·2 + 0.5·(−1) − 1, 0·2 − 1·(−1) + 2] = [0.25, −7.5, 3]
        // Row 1: [1·0.5 + 2·4 + 0.25, −3·0.5 + 0.5·4 − 1, 0·0.5 − 1·4 + 2] = [8.75, −0.5, −2]
        #expect(y.array == [0.25, -7.5, 3, 8.75, -0.5, -2])
    }

    @Test("A layer large enough to add its bias on both threads adds it to every row, once")
    func largeBiasAddMatchesGemmPlusBias() {
        var random = RandomGenerator(seed: 3)
        let rows = 45, inputs = 16, outputs = 1_601  // 72,045 outputs: split into parts
        let layer = Linear(name: "big", inputSize: inputs, outputSize: outputs, bias: true, random: &random)
        for j in 0..<outputs { layer.bias!.value[j] = random.nextUniform(limit: 1) }
        let x = FloatBuffer((0..<(rows * inputs)).map { _ in random.nextUniform(limit: 1) })
        let y = FloatBuffer(count: rows * outputs), product = FloatBuffer(count: rows * outputs)
        layer.forward(input: x.pointer, rows: rows, output: y.pointer)
        gemm(transposeA: false, transposeB: true, m: rows, n: outputs, k: inputs, a: x.pointer, lda: inputs,
             b: layer.weight.value.pointer, ldb: inputs, beta: 0, c: product.pointer, ldc: outputs)
        for r in 0..<rows {
            for j in 0..<outputs {
                #expect(y[r * outputs + j] == product[r * outputs + j] + layer.bias!.value[j], "row \(r) column \(j)")
            }
        }
    }

    @Test("Linear backward matches finite differences for dX, dW and db", arguments: [true, false])
    func gradients(bias: Bool) {
        var random = RandomGenerator(seed: 11)
        let rows = 3, inputSize = 4, outputSize = 5
        let layer = Linear(name: "test", inputSize: inputSize, outputSize: outputSize, bias: bias, random: &random)
        #expect(layer.parameters.map(\.name) == (bias ? ["test.weight", "test.bias"] : ["test.weight"]))
        GradientCheck.randomize(layer.parameters, random: &random)
        let x = GradientCheck.randomBuffer(count: rows * inputSize, random: &random)
        let w = GradientCheck.randomBuffer(count: rows * outputSize, random: &random)
        let y = FloatBuffer(count: rows * outputSize)
        func loss() -> Double {
            layer.forward(input: x.pointer, rows: rows, output: y.pointer)
            return GradientCheck.weightedSum(y.pointer, w)
        }

        let dx = FloatBuffer(count: rows * inputSize)
        layer.backward(input: x.pointer, outputGradient: w.pointer, rows: rows, inputGradient: dx.pointer)
        GradientCheck.expectMatch("dX", x, analytic: dx.array, loss: loss)
        for p in layer.parameters {
            GradientCheck.expectMatch(p.name, p.value, analytic: p.gradient.array, loss: loss)
        }
    }

    @Test("Linear backward accumulates parameter gradients, and dX only when asked")
    func accumulation() {
        var random = RandomGenerator(seed: 12)
        let layer = Linear(name: "test", inputSize: 3, outputSize: 2, bias: true, random: &random)
        let x = GradientCheck.randomBuffer(count: 2 * 3, random: &random)
        let dy = GradientCheck.randomBuffer(count: 2 * 2, random: &random)
        let dx = FloatBuffer(count: 2 * 3)
        layer.backward(input: x.pointer, outputGradient: dy.pointer, rows: 2, inputGradient: dx.pointer)
        let once = (layer.weight.gradient.array, layer.bias!.gradient.array, dx.array)
        #expect(once.0.contains { $0 != 0 } && once.1.contains { $0 != 0 } && once.2.contains { $0 != 0 })

        // A second call adds to dW and db but overwrites dX…
        layer.backward(input: x.pointer, outputGradient: dy.pointer, rows: 2, inputGradient: dx.pointer)
        #expect(GradientCheck.maxDifference(layer.weight.gradient.array, once.0.map { 2 * $0 }) < 1e-6)
        #expect(GradientCheck.maxDifference(layer.bias!.gradient.array, once.1.map { 2 * $0 }) < 1e-6)
        #expect(dx.array == once.2)
        // …unless `accumulate` is set.
        layer.backward(input: x.pointer, outputGradient: dy.pointer, rows: 2, inputGradient: dx.pointer, accumulate: true)
        #expect(GradientCheck.maxDifference(dx.array, once.2.map { 2 * $0 }) < 1e-6)
    }
}
