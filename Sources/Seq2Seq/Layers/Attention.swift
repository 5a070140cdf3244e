import Foundation

/// Global attention over the annotations of a batch of source sentences.
///
/// `prepare` runs once per batch and precomputes whatever of the score depends only on the
/// source (the keys: `W_a h_j` or `W_k h_j + b`). Each decoder step then calls `forward` with
/// its query; the step's weights are kept (for backward and for the alignment printer).
/// Backward runs step by step in reverse, accumulating into `annotationGradient`, and
/// `finishBackward` turns the accumulated key gradients into weight and annotation gradients.
public final class Attention {
    public let score: AttentionScore
    public let querySize: Int
    public let annotationSize: Int
    /// Width of the additive score's hidden layer (unused by dot and general).
    public let attentionSize: Int

    /// `general`: keys = annotations·W_aᵀ, W_a `[Q, D]`. `concat`: keys = annotations·W_kᵀ + b.
    let keyProjection: Linear?
    /// `concat`: W_q `[A, Q]`.
    let queryProjection: Linear?
    /// `concat`: v `[A]`.
    let scoreVector: Parameter?

    private var batch = 0, sourceLength = 0, lengths: [Int] = []
    private var annotations: UnsafePointer<Float>?
    private let keys = FloatBuffer(), keyGradient = FloatBuffer()
    private let projectedQuery = FloatBuffer(), projectedQueryGradient = FloatBuffer()
    private let hiddenActivations = FloatBuffer()  // concat: tanh(...) per step [T, B, S, A]
    /// Attention weights of every step since `prepare`, `[T, B, S]` (rows sum to 1 over the
    /// unpadded source).
    public let weights = FloatBuffer()
    /// dL/d annotations `[B, S, D]`, accumulated by backward.
    public let annotationGradient = FloatBuffer()

    public var keySize: Int {
        switch score { case .dot, .scaledDot: annotationSize; case .general: querySize; case .concat: attentionSize }
    }

    public init(name: String, score: AttentionScore, querySize: Int, annotationSize: Int,
                attentionSize: Int, random: inout RandomGenerator) {
        self.score = score
        self.querySize = querySize
        self.annotationSize = annotationSize
        self.attentionSize = attentionSize
        switch score {
        case .dot, .scaledDot:
            precondition(querySize == annotationSize, "dot attention needs equal query and annotation sizes")
            keyProjection = nil; queryProjection = nil; scoreVector = nil
        case .general:
            keyProjection = Linear(name: name + ".key", inputSize: annotationSize, outputSize: querySize, bias: false, random: &random)
            queryProjection = nil; scoreVector = nil
        case .concat:
            keyProjection = Linear(name: name + ".key", inputSize: annotationSize, outputSize: attentionSize, bias: true, random: &random)
            queryProjection = Linear(name: name + ".query", inputSize: querySize, outputSize: attentionSize, bias: false, random: &random)
            let v = Parameter(name: name + ".score", shape: [attentionSize])
            v.initializeUniform(limit: 1 / Float(attentionSize).squareRoot(), using: &random)
            scoreVector = v
        }
    }

    public var parameters: [Parameter] {
        (keyProjection?.parameters ?? []) + (queryProjection?.parameters ?? []) + (scoreVector.map { [$0] } ?? [])
    }

    /// Snapshots the per-step query projection in the GEMM's packed layout.
    func packWeights() { queryProjection?.weight.pack(forBackward: true) }

    private var scale: Float { score == .scaledDot ? 1 / Float(annotationSize).squareRoot() : 1 }

    /// Precomputes the keys of a batch. `annotations` (`[B, S, D]`) must stay valid until
    /// backward is finished.
    public func prepare(annotations: UnsafePointer<Float>, lengths: [Int], sourceLength: Int) {
        self.annotations = annotations
        self.lengths = lengths
        batch = lengths.count
        self.sourceLength = sourceLength
        let rows = batch * sourceLength
        if let keyProjection {
            keys.resize(rows * keySize, zeroed: false)
            keyProjection.forward(input: annotations, rows: rows, output: keys.pointer)
        }
        weights.resize(0)
        hiddenActivations.resize(0)
        annotationGradient.resize(rows * annotationSize)
        keyGradient.resize(keyProjection == nil ? 0 : rows * keySize)
    }

    private var keyPointer: UnsafePointer<Float> {
        keyProjection == nil ? annotations! : UnsafePointer(keys.pointer)
    }

    /// Attends with `query` (`[B, Q]`) as decoder step `step` (0, 1, … in order), writing the
    /// context vectors (`[B, D]`) to `context`. The weights go to `weights` at that step.
    public func forward(query: UnsafePointer<Float>, step: Int, context: UnsafeMutablePointer<Float>) {
        let B = batch, S = sourceLength, D = annotationSize, K = keySize
        weights.resize((step + 1) * B * S, zeroed: false)
        let alpha = weights.pointer + step * B * S
        let keys = keyPointer
        if score == .concat {
            let A = attentionSize
            projectedQuery.resize(B * A, zeroed: false)
            queryProjection!.forward(input: query, rows: B, output: projectedQuery.pointer, packed: true)
            hiddenActivations.resize((step + 1) * B * S * A, zeroed: false)
            let u = hiddenActivations.pointer + step * B * S * A
            let v = scoreVector!.value.pointer
            for b in 0..<B {
                let qp = projectedQuery.pointer + b * A
                for j in 0..<lengths[b] {
                    let k = keys + (b * S + j) * A, ub = u + (b * S + j) * A
                    alpha[b * S + j] = additiveScore(query: qp, key: k, vector: v, activations: ub, count: A)
                }
            }
        } else {
            let s = scale
            for b in 0..<B {
                let q = query + b * querySize
                for j in 0..<lengths[b] {
                    let k = keys + (b * S + j) * K
                    var e: Float = 0
                    for a in 0..<K { e += q[a] * k[a] }
                    alpha[b * S + j] = e * s
                }
            }
        }
        let h = annotations!
        for b in 0..<B {
            let row = alpha + b * S, n = lengths[b]
            var maximum = -Float.infinity
            for j in 0..<n { maximum = max(maximum, row[j]) }
            var sum: Float = 0
            for j in 0..<n { let e = Foundation.exp(row[j] - maximum); row[j] = e; sum += e }
            let inverse = 1 / sum
            for j in 0..<n { row[j] *= inverse }
            for j in n..<S { row[j] = 0 }
            let c = context + b * D
            c.update(repeating: 0, count: D)
            for j in 0..<n {
                let w = row[j], hj = h + (b * S + j) * D
                for d in 0..<D { c[d] += w * hj[d] }
            }
        }
    }

    /// Back-propagates step `step`: adds dL/dquery to `queryGradient` (`[B, Q]`) and
    /// accumulates the annotation and key gradients.
    public func backward(query: UnsafePointer<Float>, step: Int, contextGradient: UnsafePointer<Float>,
                         queryGradient: UnsafeMutablePointer<Float>) {
        let B = batch, S = sourceLength, D = annotationSize, K = keySize
        let alpha = weights.pointer + step * B * S
        let h = annotations!, keys = keyPointer
        let dAnn = annotationGradient.pointer
        let dKeys: UnsafeMutablePointer<Float> = keyProjection == nil ? dAnn : keyGradient.pointer
        var dScore = [Float](repeating: 0, count: S)
        if score == .concat {
            projectedQueryGradient.resize(B * attentionSize)
        }
        for b in 0..<B {
            let n = lengths[b], row = alpha + b * S, dc = contextGradient + b * D
            var weighted: Float = 0
            for j in 0..<n {
                let hj = h + (b * S + j) * D, dh = dAnn + (b * S + j) * D, w = row[j]
                var dw: Float = 0
                for d in 0..<D { dw += dc[d] * hj[d]; dh[d] += w * dc[d] }
                dScore[j] = dw
                weighted += w * dw
            }
            for j in 0..<n { dScore[j] = row[j] * (dScore[j] - weighted) }
            if score == .concat {
                let A = attentionSize
                let u = hiddenActivations.pointer + (step * B * S + b * S) * A
                let v = scoreVector!.value.pointer, dv = scoreVector!.gradient.pointer
                let dqp = projectedQueryGradient.pointer + b * A
                for j in 0..<n {
                    let ub = u + j * A, dk = dKeys + (b * S + j) * A, de = dScore[j]
                    for a in 0..<A {
                        dv[a] += de * ub[a]
                        let dpre = de * v[a] * (1 - ub[a] * ub[a])
                        dqp[a] += dpre
                        dk[a] += dpre
                    }
                }
            } else {
                let s = scale, q = query + b * querySize, dq = queryGradient + b * querySize
                for j in 0..<n {
                    let k = keys + (b * S + j) * K, dk = dKeys + (b * S + j) * K, de = dScore[j] * s
                    for a in 0..<K { dq[a] += de * k[a]; dk[a] += de * q[a] }
                }
            }
        }
        if score == .concat {
            queryProjection!.backward(input: query, outputGradient: projectedQueryGradient.pointer, rows: B,
                                      inputGradient: queryGradient, accumulate: true)
        }
    }

    /// `vᵀ tanh(q + k)`, keeping the tanh values for backward.
    @inline(__always)
    private func additiveScore(query q: UnsafePointer<Float>, key k: UnsafePointer<Float>, vector v: UnsafePointer<Float>,
                               activations u: UnsafeMutablePointer<Float>, count A: Int) -> Float {
        typealias V = SIMD16<Float>
        var sum = V(), a = 0
        while a + 16 <= A {
            let t = FastMath.tanh(UnsafeRawPointer(q + a).loadUnaligned(as: V.self) + UnsafeRawPointer(k + a).loadUnaligned(as: V.self))
            UnsafeMutableRawPointer(u + a).storeBytes(of: t, as: V.self)
            sum += t * UnsafeRawPointer(v + a).loadUnaligned(as: V.self)
            a += 16
        }
        var e = sum.sum()
        while a < A { let t = FastMath.tanh(q[a] + k[a]); u[a] = t; e += v[a] * t; a += 1 }
        return e
    }

    /// Converts the accumulated key gradients into parameter gradients and adds their share to
    /// `annotationGradient`. Call once after the last `backward` of a batch.
    public func finishBackward() {
        guard let keyProjection else { return }
        keyProjection.backward(input: annotations!, outputGradient: keyGradient.pointer, rows: batch * sourceLength,
                               inputGradient: annotationGradient.pointer, accumulate: true)
    }
}
