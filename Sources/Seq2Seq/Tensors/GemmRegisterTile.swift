/// The register tile of the `gemm` micro-kernel: how many rows and columns of C it keeps in
/// vector registers while it streams through A and B.
///
/// The tile must fit the register file, or the accumulators spill to memory on every step
/// (measured: the wide tile on a 16-register AVX2 core reaches about 40 % of that core's FMA
/// peak). Every tile computes each element of C with the same fused multiply-add chain, so
/// results are bitwise the same whichever tile runs.
public enum GemmRegisterTile: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 8 rows × 32 columns in sixteen 16-lane accumulators, for 32 vector registers of 512 bits
    /// (AVX-512).
    case wide
    /// 6 rows × 16 columns in twelve 8-lane accumulators, for 16 vector registers of 256 bits
    /// (AVX2) or 32 of 128 bits (NEON).
    case narrow

    /// The tile for this processor.
    public static let preferred: GemmRegisterTile = CPUFeatures.hasAVX512 ? .wide : .narrow

    /// Rows of C per tile, which is also the height of a packed A panel.
    public var rows: Int { self == .wide ? 8 : 6 }

    /// Columns of C per tile (B panels are always `GemmTiling.columns` = 32 wide; the narrow
    /// tile covers one half of a panel).
    public var columns: Int { self == .wide ? 32 : 16 }

    /// Rows of A per cache block: a whole number of tiles near 128.
    var rowBlock: Int { self == .wide ? 128 : 120 }

    public var description: String { "\(rows)×\(columns) \(self == .wide ? "SIMD16" : "SIMD8")" }
}
