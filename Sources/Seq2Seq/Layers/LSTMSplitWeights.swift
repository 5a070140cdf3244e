/// An LSTM weight `W` (`[4H, I+H]`) packed as two column blocks, for running a whole sequence:
/// the first `inputColumns` columns multiply inputs known before the time loop (the embeddings),
/// the rest multiply the recurrent part of each step's input (`[extra ; h_prev]`).
///
/// Splitting lets the input half be one large product over all steps (`LSTMCell.projectInputs`,
/// `LSTMCell.inputGradients`) instead of a share of every per-step product, and lets a step
/// whose recurrent input is known to be zero (an encoder's first step) skip its product.
public final class LSTMSplitWeights {
    /// Columns of `W` that multiply the inputs projected in advance.
    public let inputColumns: Int
    /// `W[:, ..<inputColumns]ᵀ` and `W[:, inputColumns...]ᵀ`, for the forward products.
    let inputForward: PackedMatrix
    let recurrentForward: PackedMatrix
    /// `W[:, ..<inputColumns]` and `W[:, inputColumns...]`, for the backward products.
    private(set) var inputBackward: PackedMatrix?
    private(set) var recurrentBackward: PackedMatrix?

    /// Packs `weight` (`[4H, I+H]`), for backward products too when `forBackward`.
    init(_ weight: Parameter, inputColumns: Int, forBackward: Bool) {
        let rows = weight.shape[0], columns = weight.shape[1], w = weight.value.pointer
        precondition(inputColumns > 0 && inputColumns < columns, "the split must leave both blocks non-empty")
        self.inputColumns = inputColumns
        inputForward = PackedMatrix(depth: inputColumns, columns: rows, b: w, ldb: columns, transposed: true)
        recurrentForward = PackedMatrix(depth: columns - inputColumns, columns: rows, b: w + inputColumns,
                                        ldb: columns, transposed: true)
        if forBackward { packBackward(weight) }
    }

    /// Refreshes the packed copies from the weight's current value.
    func repack(_ weight: Parameter, forBackward: Bool) {
        let columns = weight.shape[1], w = weight.value.pointer
        inputForward.repack(b: w, ldb: columns)
        recurrentForward.repack(b: w + inputColumns, ldb: columns)
        if forBackward { packBackward(weight) }
    }

    private func packBackward(_ weight: Parameter) {
        let rows = weight.shape[0], columns = weight.shape[1], w = weight.value.pointer
        if let inputBackward, let recurrentBackward {
            inputBackward.repack(b: w, ldb: columns)
            recurrentBackward.repack(b: w + inputColumns, ldb: columns)
        } else {
            inputBackward = PackedMatrix(depth: rows, columns: inputColumns, b: w, ldb: columns, transposed: false)
            recurrentBackward = PackedMatrix(depth: rows, columns: columns - inputColumns, b: w + inputColumns,
                                             ldb: columns, transposed: false)
        }
    }
}
