import Testing
import Seq2Seq

struct LayerEmbeddingTests {
    // Id 3 occurs twice (its gradient must be the sum of both rows), 2 and 4 never, 0 is padding.
    static let ids: [Int32] = [3, 0, 5, 3, 1, 0]

    @Test("Embedding looks up rows, and the padding row is zero")
    func lookup() {
        var random = RandomGenerator(seed: 31)
        let embedding = Embedding(name: "embedding", vocabularySize: 6, dimension: 3, random: &random)
        #expect(embedding.table.value.array[0..<3] == [0, 0, 0])
        let output = FloatBuffer(count: Self.ids.count * 3)
        Self.ids.withUnsafeBufferPointer { embedding.forward(ids: $0.baseAddress!, count: Self.ids.count, output: output.pointer) }
        let table = embedding.table.value.array
        for (r, id) in Self.ids.enumerated() {
            let row = Int(id) * 3
            #expect(output.array[(r * 3)..<(r * 3 + 3)] == table[row..<(row + 3)], "row \(r)")
        }
        #expect(output.array[3..<6] == [0, 0, 0])
    }

    @Test("Embedding backward matches finite differences; padding id 0 receives no gradient")
    func gradients() {
        var random = RandomGenerator(seed: 32)
        let V = 6, E = 3, count = Self.ids.count
        let embedding = Embedding(name: "embedding", vocabularySize: V, dimension: E, random: &random)
        GradientCheck.randomize(embedding.parameters, random: &random)  // even the padding row, to be sure
        let w = GradientCheck.randomBuffer(count: count * E, random: &random)
        let output = FloatBuffer(count: count * E)
        func loss() -> Double {
            Self.ids.withUnsafeBufferPointer { embedding.forward(ids: $0.baseAddress!, count: count, output: output.pointer) }
            return GradientCheck.weightedSum(output.pointer, w)
        }
        Self.ids.withUnsafeBufferPointer { embedding.backward(ids: $0.baseAddress!, count: count, outputGradient: w.pointer) }
        let gradient = embedding.table.gradient.array

        // Padding is excluded by design although the lookup reads row 0, so row 0 is compared
        // with zero rather than with the finite differences.
        #expect(gradient[0..<E] == [0, 0, 0])
        GradientCheck.expectMatch("table", embedding.table.value, analytic: gradient, indices: Array(E..<(V * E)), loss: loss)
        // Unused ids get exactly nothing; the repeated id gets both rows.
        #expect(gradient[(2 * E)..<(3 * E)] == [0, 0, 0])
        #expect(gradient[(4 * E)..<(5 * E)] == [0, 0, 0])
        for j in 0..<E { #expect(abs(gradient[3 * E + j] - (w[j] + w[3 * E + j])) < 1e-6) }
    }
}
