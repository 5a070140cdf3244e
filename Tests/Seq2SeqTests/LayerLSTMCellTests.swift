import Foundation
import Testing
import Seq2Seq

struct LayerLSTMCellTests {
    /// Calls `body` with a pointer to `flags`, or with nil (every row active).
    static func withFlags<R>(_ flags: [Bool]?, _ body: (UnsafePointer<Bool>?) -> R) -> R {
        guard let flags else { return body(nil) }
        return flags.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    @Test("LSTMCell step matches gates, cell and hidden state computed by hand")
    func referenceStep() {
        var random = RandomGenerator(seed: 61)
        let cell = LSTMCell(name: "cell", inputSize: 2, hiddenSize: 2, random: &random)
        // Rows in gate order input, forget, cell, output, two units each; columns x1 x2 h1 h2.
        cell.weight.value.copy(from: [
             0.1,  0.2,  0.3, -0.1,   // i0
            -0.2,  0.4,  0.1,  0.5,   // i1
            -0.4,  0.1,  0.6,  0.2,   // f0
             0.3, -0.3, -0.2,  0.4,   // f1
             0.7, -0.2, -0.5,  0.1,   // g0
            -0.6,  0.5,  0.4, -0.3,   // g1
             0.3,  0.4, -0.8,  0.6,   // o0
             0.2,  0.1,  0.5, -0.7,   // o1
        ])
        cell.bias.value.copy(from: [0.15, -0.1, 0.5, 1.0, -0.1, 0.2, 0.2, -0.3])
        let xh = FloatBuffer([0.5, -1, 0.2, -0.4])  // x = [0.5, −1], h_prev = [0.2, −0.4]
        let previousCell = FloatBuffer([-0.3, 0.6])

        // z = W·[x ; h_prev] + b, by hand:
        // z_i0 =  0.1·0.5 + 0.2·(−1) + 0.3·0.2 − 0.1·(−0.4) + 0.15 =  0.05 − 0.2 + 0.06 + 0.04 + 0.15 =  0.10
        // z_i1 = −0.2·0.5 + 0.4·(−1) + 0.1·0.2 + 0.5·(−0.4) − 0.1  = −0.1 − 0.4 + 0.02 − 0.2 − 0.1   = −0.78
        // z_f0 = −0.4·0.5 + 0.1·(−1) + 0.6·0.2 + 0.2·(−0.4) + 0.5  = −0.2 − 0.1 + 0.12 − 0.08 + 0.5  =  0.24
        // z_f1 =  0.3·0.5 − 0.3·(−1) − 0.2·0.2 + 0.4·(−0.4) + 1.0  =  0.15 + 0.3 − 0.04 − 0.16 + 1   =  1.25
        // z_g0 =  0.7·0.5 − 0.2·(−1) − 0.5·0.2 + 0.1·(−0.4) − 0.1  =  0.35 + 0.2 − 0.1 − 0.04 − 0.1  =  0.31
        // z_g1 = −0.6·0.5 + 0.5·(−1) + 0.4·0.2 − 0.3·(−0.4) + 0.2  = −0.3 − 0.5 + 0.08 + 0.12 + 0.2  = −0.40
        // z_o0 =  0.3·0.5 + 0.4·(−1) − 0.8·0.2 + 0.6·(−0.4) + 0.2  =  0.15 − 0.4 − 0.16 − 0.24 + 0.2 = −0.45
        // z_o1 =  0.2·0.5 + 0.1·(−1) + 0.5·0.2 − 0.7·(−0.4) − 0.3  =  0.1 − 0.1 + 0.1 + 0.28 − 0.3   =  0.08
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        let i = [sigmoid(0.10), sigmoid(-0.78)]
        let f = [sigmoid(0.24), sigmoid(1.25)]
        let g = [tanh(0.31), tanh(-0.40)]
        let o = [sigmoid(-0.45), sigmoid(0.08)]
        // c = f ⊙ c_prev + i ⊙ g,  h = o ⊙ tanh(c)
        let c = [f[0] * -0.3 + i[0] * g[0], f[1] * 0.6 + i[1] * g[1]]
        let h = [o[0] * tanh(c[0]), o[1] * tanh(c[1])]

        let gates = FloatBuffer(count: 8), newCell = FloatBuffer(count: 2)
        let tanhCell = FloatBuffer(count: 2), hidden = FloatBuffer(count: 2)
        cell.forward(xh: xh.pointer, previousCell: previousCell.pointer, batch: 1, gates: gates.pointer,
                     cell: newCell.pointer, tanhCell: tanhCell.pointer, hidden: hidden.pointer)
        func expectClose(_ actual: [Float], _ expected: [Double], _ label: String) {
            #expect(actual.count == expected.count, "\(label)")
            for (a, e) in zip(actual, expected) { #expect(abs(Double(a) - e) < 1e-6, "\(label): \(actual) vs \(expected)") }
        }
        expectClose(gates.array, i + f + g + o, "activated gates")
        expectClose(newCell.array, c, "cell")
        expectClose(tanhCell.array, c.map { tanh($0) }, "tanh(cell)")
        expectClose(hidden.array, h, "hidden")
    }

    @Test("LSTMCell one-step backward matches finite differences; padded rows pass gradients through",
          arguments: [false, true])
    func stepGradients(withPaddedRow: Bool) {
        var random = RandomGenerator(seed: 62)
        let B = 3, I = 3, H = 2, IH = I + H
        let cell = LSTMCell(name: "cell", inputSize: I, hiddenSize: H, random: &random)
        GradientCheck.randomize(cell.parameters, random: &random)
        let flags: [Bool]? = withPaddedRow ? [true, false, true] : nil
        let xh = GradientCheck.randomBuffer(count: B * IH, random: &random)
        let previousCell = GradientCheck.randomBuffer(count: B * H, random: &random)
        let wh = GradientCheck.randomBuffer(count: B * H, random: &random)
        let wc = GradientCheck.randomBuffer(count: B * H, random: &random)
        let gates = FloatBuffer(count: B * 4 * H), newCell = FloatBuffer(count: B * H)
        let tanhCell = FloatBuffer(count: B * H), hidden = FloatBuffer(count: B * H)
        // L = Σ wh·h + Σ wc·c: both outputs of the step feed the loss, as in a sequence.
        func loss() -> Double {
            Self.withFlags(flags) {
                cell.forward(xh: xh.pointer, previousCell: previousCell.pointer, batch: B, gates: gates.pointer,
                             cell: newCell.pointer, tanhCell: tanhCell.pointer, hidden: hidden.pointer, active: $0)
            }
            return GradientCheck.weightedSum(hidden.pointer, wh) + GradientCheck.weightedSum(newCell.pointer, wc)
        }

        _ = loss()
        let cellGradient = FloatBuffer(wc.array)  // in: dL/dc, out: dL/dc_prev
        let gateGradient = FloatBuffer(count: B * 4 * H), xhGradient = FloatBuffer(count: B * IH)
        Self.withFlags(flags) {
            cell.backward(xh: xh.pointer, previousCell: previousCell.pointer, batch: B, gates: gates.pointer,
                          tanhCell: tanhCell.pointer, hiddenGradient: wh.pointer, cellGradient: cellGradient.pointer,
                          gateGradient: gateGradient.pointer, xhGradient: xhGradient.pointer, active: $0)
        }
        cell.accumulateWeightGradient(gateGradients: gateGradient.pointer, xh: xh.pointer, rows: B)

        GradientCheck.expectMatch("d[x ; h_prev]", xh, analytic: xhGradient.array, loss: loss)
        GradientCheck.expectMatch("dc_prev", previousCell, analytic: cellGradient.array, loss: loss)
        GradientCheck.expectMatch("dW", cell.weight.value, analytic: cell.weight.gradient.array, loss: loss)
        GradientCheck.expectMatch("db", cell.bias.value, analytic: cell.bias.gradient.array, loss: loss)

        if withPaddedRow {
            // Row 1 is padding: its state is copied and its gradients pass straight through.
            _ = loss()
            let r = 1
            #expect(newCell.array[(r * H)..<(r * H + H)] == previousCell.array[(r * H)..<(r * H + H)])
            #expect(hidden.array[(r * H)..<(r * H + H)] == xh.array[(r * IH + I)..<(r * IH + IH)])
            #expect(xhGradient.array[(r * IH)..<(r * IH + I)].allSatisfy { $0 == 0 })
            #expect(xhGradient.array[(r * IH + I)..<(r * IH + IH)] == wh.array[(r * H)..<(r * H + H)])
            #expect(cellGradient.array[(r * H)..<(r * H + H)] == wc.array[(r * H)..<(r * H + H)])
            #expect(gateGradient.array[(r * 4 * H)..<(r * 4 * H + 4 * H)].allSatisfy { $0 == 0 })
        }
    }
}
