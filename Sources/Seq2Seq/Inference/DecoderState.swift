/// The decoder's running state for a set of hypotheses (one row each) during inference.
///
/// Each row carries its own copy of its sentence's annotations, so beam search can reorder,
/// duplicate and drop rows freely with `select`.
public final class DecoderState {
    public private(set) var rows: Int
    public let sourceLength: Int
    public private(set) var lengths: [Int]
    /// `[R, H]` LSTM state and, for Luong, the previous attentional state h̃.
    public let hidden = FloatBuffer(), cell = FloatBuffer(), feed = FloatBuffer()
    /// `[R, S, H]`.
    public let annotations = FloatBuffer()
    /// Whether the attention's keys were computed for the current rows.
    var keysReady = false
    let hiddenSize: Int
    /// Scratch buffers of `Decoder.step`, kept between steps: allocating (and zeroing) them on
    /// every step cost more than the step's pointwise work.
    let workspace = DecoderStepWorkspace()

    /// The state right after encoding: row `r` starts from the encoder's row `r`.
    init(encoder: Encoder, lengths: [Int], sourceLength: Int, hiddenSize H: Int) {
        rows = lengths.count
        self.lengths = lengths
        self.sourceLength = sourceLength
        hiddenSize = H
        hidden.resize(rows * H); cell.resize(rows * H); feed.resize(rows * H)
        hidden.pointer.update(from: encoder.finalHidden.pointer, count: rows * H)
        cell.pointer.update(from: encoder.finalCell.pointer, count: rows * H)
        annotations.resize(rows * sourceLength * H)
        annotations.pointer.update(from: encoder.annotations.pointer, count: rows * sourceLength * H)
    }

    /// Keeps the listed rows, in the given order (a row may appear several times).
    public func select(_ picked: [Int]) {
        let H = hiddenSize, S = sourceLength
        for buffer in [hidden, cell, feed] { gather(buffer, width: H, picked) }
        gather(annotations, width: S * H, picked)
        lengths = picked.map { lengths[$0] }
        rows = picked.count
        keysReady = false
    }

    private func gather(_ buffer: FloatBuffer, width: Int, _ picked: [Int]) {
        let copy = buffer.array
        buffer.resize(picked.count * width, zeroed: false)
        copy.withUnsafeBufferPointer { source in
            for (r, p) in picked.enumerated() {
                (buffer.pointer + r * width).update(from: source.baseAddress! + p * width, count: width)
            }
        }
    }
}

/// The per-step buffers of `Decoder.step` (every one is fully overwritten on each step).
final class DecoderStepWorkspace {
    let x = FloatBuffer(), gates = FloatBuffer(), tanhCell = FloatBuffer()
    let newHidden = FloatBuffer(), newCell = FloatBuffer()
    let context = FloatBuffer(), feature = FloatBuffer(), embedded = FloatBuffer(), concatenated = FloatBuffer()
}
