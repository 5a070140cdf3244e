/// How an attention layer scores a query against each source annotation.
public enum AttentionScore: String, CaseIterable, Sendable, Codable {
    /// `qᵀ h_j` (Luong et al. 2015); needs equal query and annotation sizes.
    case dot
    /// `qᵀ h_j / √d` (Vaswani et al. 2017).
    case scaledDot = "scaled-dot"
    /// `qᵀ W_a h_j` (Luong et al. 2015).
    case general
    /// `vᵀ tanh(W_q q + W_k h_j + b)`: Bahdanau et al. 2014's additive score, and Luong's
    /// `concat` (`vᵀ tanh(W_a [q ; h_j])`, the same function with `W_a = [W_q  W_k]`).
    case concat
}
