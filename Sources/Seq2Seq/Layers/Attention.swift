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
    private let scoreGradient = FloatBuffer()  // backward: dL/d score of one sentence per part [parts, S]
    private let vectorGradientParts = FloatBuffer()  // backward, concat: partial dv per part [parts, A]
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
        }
        let lengths = self.lengths, h = annotations!, score = self.score, s = scale, Q = querySize
        let projected = UnsafePointer(projectedQuery.pointer), v = UnsafePointer(scoreVector?.value.pointer ?? projectedQuery.pointer)
        let u = hiddenActivations.pointer + step * B * S * attentionSize, A = attentionSize
        let parts = Self.partCount(rows: B, work: B * S * D)
        WorkerPool.shared.parallelFor(parts) { part in
            for b in Self.rows(of: part, parts: parts, total: B) {
                let row = alpha + b * S, n = lengths[b]
                if score == .concat {
                    let qp = projected + b * A
                    for j in 0..<n {
                        row[j] = Self.additiveScore(query: qp, key: keys + (b * S + j) * A, vector: v,
                                                    activations: u + (b * S + j) * A, count: A)
                    }
                } else {
                    let q = query + b * Q
                    for j in 0..<n { row[j] = Self.dot(q, keys + (b * S + j) * K, count: K) * s }
                }
                var maximum = -Float.infinity
                for j in 0..<n { maximum = max(maximum, row[j]) }
                var sum: Float = 0
                for j in 0..<n { let e = Foundation.exp(row[j] - maximum); row[j] = e; sum += e }
                let inverse = 1 / sum
                for j in 0..<n { row[j] *= inverse }
                for j in n..<S { row[j] = 0 }
                let c = context + b * D
                c.update(repeating: 0, count: D)
                for j in 0..<n { Self.addScaled(row[j], h + (b * S + j) * D, to: c, count: D) }
            }
        }
    }

    /// How many parts a per-step pass over `rows` batch rows is split into: up to four, fewer
    /// when there is too little `work` (elements touched) to pay for a hand-off. The split
    /// depends only on the problem, so results are the same on any number of threads.
    static func partCount(rows: Int, work: Int) -> Int {
        max(1, min(4, rows, work / 16_384))
    }

    /// The batch rows of part `part` out of `parts`.
    static func rows(of part: Int, parts: Int, total: Int) -> Range<Int> {
        (total * part / parts)..<(total * (part + 1) / parts)
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
        let parts = Self.partCount(rows: B, work: B * S * D)
        let A = attentionSize
        scoreGradient.resize(parts * S, zeroed: false)
        if score == .concat {
            projectedQueryGradient.resize(B * A)
            vectorGradientParts.resize(parts * A)
        }
        let lengths = self.lengths, score = self.score, s = scale, Q = querySize
        let dScores = scoreGradient.pointer, dvParts = vectorGradientParts.pointer
        let u = hiddenActivations.pointer + step * B * S * A
        let v = UnsafePointer(scoreVector?.value.pointer ?? scoreGradient.pointer)
        let dqProjected = projectedQueryGradient.pointer
        WorkerPool.shared.parallelFor(parts) { part in
            let dScore = dScores + part * S
            for b in Self.rows(of: part, parts: parts, total: B) {
                let n = lengths[b], row = alpha + b * S, dc = contextGradient + b * D
                var weighted: Float = 0
                for j in 0..<n {
                    let w = row[j]
                    let dw = Self.dot(dc, h + (b * S + j) * D, count: D)
                    Self.addScaled(w, dc, to: dAnn + (b * S + j) * D, count: D)
                    dScore[j] = dw
                    weighted += w * dw
                }
                for j in 0..<n { dScore[j] = row[j] * (dScore[j] - weighted) }
                if score == .concat {
                    for j in 0..<n {
                        Self.additiveScoreBackward(dScore[j], activations: u + (b * S + j) * A, vector: v,
                                                   vectorGradient: dvParts + part * A, queryGradient: dqProjected + b * A,
                                                   keyGradient: dKeys + (b * S + j) * A, count: A)
                    }
                } else {
                    let q = query + b * Q, dq = queryGradient + b * Q
                    for j in 0..<n {
                        let de = dScore[j] * s
                        Self.addScaled(de, keys + (b * S + j) * K, to: dq, count: K)
                        Self.addScaled(de, q, to: dKeys + (b * S + j) * K, count: K)
                    }
                }
            }
        }
        if score == .concat {
            // The score vector's gradient, from the parts' partial sums in part order.
            let dv = scoreVector!.gradient.pointer
            for part in 0..<parts {
                for a in 0..<A { dv[a] += dvParts[part * A + a] }
            }
        }
        if score == .concat {
            queryProjection!.backward(input: query, outputGradient: projectedQueryGradient.pointer, rows: B,
                                      inputGradient: queryGradient, accumulate: true)
        }
    }

    /// `vᵀ tanh(q + k)`, keeping the tanh values for backward.
    @inline(__always)
    private static func additiveScore(query q: UnsafePointer<Float>, key k: UnsafePointer<Float>, vector v: UnsafePointer<Float>,
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

    /// The additive score's backward for one annotation: with `u = tanh(q + k)` and score
    /// gradient `de`, adds `de·u` to dv and `de·v⊙(1 − u²)` to both dq and dk.
    @inline(__always)
    private static func additiveScoreBackward(_ de: Float, activations u: UnsafePointer<Float>, vector v: UnsafePointer<Float>,
                                              vectorGradient dv: UnsafeMutablePointer<Float>,
                                              queryGradient dq: UnsafeMutablePointer<Float>,
                                              keyGradient dk: UnsafeMutablePointer<Float>, count: Int) {
        typealias V = SIMD16<Float>
        var a = 0
        while a &+ 16 <= count {
            let ua = load(u + a)
            store(load(dv + a) + de * ua, dv + a)
            let dpre = de * load(v + a) * (1 - ua * ua)
            store(load(dq + a) + dpre, dq + a)
            store(load(dk + a) + dpre, dk + a)
            a &+= 16
        }
        while a < count {
            dv[a] += de * u[a]
            let dpre = de * v[a] * (1 - u[a] * u[a])
            dq[a] += dpre
            dk[a] += dpre
            a &+= 1
        }
    }

    /// Σ x[i]·y[i], in 16 lanes (then lanes summed), the tail added in order.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var sum = SIMD16<Float>(), i = 0
        while i &+ 16 <= count {
            sum = sum.addingProduct(load(x + i), load(y + i))
            i &+= 16
        }
        var result = sum.sum()
        while i < count { result = result.addingProduct(x[i], y[i]); i &+= 1 }
        return result
    }

    /// y[i] += a·x[i].
    @inline(__always)
    static func addScaled(_ a: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i &+ 16 <= count {
            store(load(y + i).addingProduct(a, load(x + i)), y + i)
            i &+= 16
        }
        while i < count { y[i] = y[i].addingProduct(a, x[i]); i &+= 1 }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }
    @inline(__always)
    private static func store(_ x: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD16<Float>.self)
    }

    /// Converts the accumulated key gradients into parameter gradients and adds their share to
    /// `annotationGradient`. Call once after the last `backward` of a batch.
    public func finishBackward() {
        guard let keyProjection else { return }
        keyProjection.backward(input: annotations!, outputGradient: keyGradient.pointer, rows: batch * sourceLength,
                               inputGradient: annotationGradient.pointer, accumulate: true)
    }
}
