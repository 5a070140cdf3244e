/// A checkpoint container in the safetensors format: named float32 tensors plus string metadata.
///
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor
/// name to `{"dtype":"F32","shape":[...],"data_offsets":[begin,end]}` (offsets relative to the
/// data section) plus `"__metadata__": {string: string}`, then the raw little-endian scalars. The
/// header is padded with spaces so the data starts 8-byte aligned. Tensors are stored in the
/// order of `tensors`, back to back, and read back in that order (the order of their offsets).
///
/// The writer records a CRC-32C of the data section in the metadata entry `s2s.checksum`
/// (`crc32c:` and 8 lowercase hex digits); the reader verifies it when present and removes it
/// from `metadata`, so that a round trip returns the metadata it was given. Files without it
/// (for example written by Python's `safetensors`) load unverified.
///
/// Loading is safe against any input: everything is validated before use and every problem is
/// thrown as a one-line `SafeTensorsError`.
public struct SafeTensorsFile: Equatable, Sendable {
    /// The tensors in file order. Names must be unique and must not be `__metadata__`.
    public var tensors: [(name: String, tensor: Tensor)]
    /// Free-form string metadata (the checksum entry excluded; see the type's documentation).
    public var metadata: [String: String]

    /// The metadata key under which the writer stores the data-section checksum.
    public static let checksumKey = "s2s.checksum"

    /// A container holding `tensors` in the given order, and `metadata`.
    public init(tensors: [(name: String, tensor: Tensor)] = [], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The first tensor called `name`, if any.
    public func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }?.tensor
    }

    /// The tensor names in file order.
    public var names: [String] { tensors.map(\.name) }

    /// Equal names, shapes and metadata, and bit-identical scalars (so NaN payloads count).
    public static func == (lhs: SafeTensorsFile, rhs: SafeTensorsFile) -> Bool {
        guard lhs.metadata == rhs.metadata, lhs.tensors.count == rhs.tensors.count else { return false }
        for (left, right) in zip(lhs.tensors, rhs.tensors) {
            guard left.name == right.name, left.tensor.shape == right.tensor.shape,
                  left.tensor.scalars.count == right.tensor.scalars.count else { return false }
            let identical = left.tensor.scalars.withUnsafeBytes { l in
                right.tensor.scalars.withUnsafeBytes { r in l.elementsEqual(r) }
            }
            guard identical else { return false }
        }
        return true
    }
}

extension SafeTensorsFile {
    /// Bounds the loader enforces before allocating anything an input could forge.
    public struct Limits: Equatable, Sendable {
        /// The largest accepted JSON header, checked before the header is read.
        public var maxHeaderBytes: Int
        /// The largest number of tensors in one file.
        public var maxTensorCount: Int
        /// The largest number of `__metadata__` entries.
        public var maxMetadataEntries: Int
        /// The largest number of dimensions of one tensor.
        public var maxRank: Int

        /// Limits far above any real checkpoint: a 100 MB header, 100,000 tensors,
        /// 100,000 metadata entries, rank 64.
        public static let `default` = Limits()

        /// Limits with the given bounds.
        public init(maxHeaderBytes: Int = 100_000_000, maxTensorCount: Int = 100_000,
                    maxMetadataEntries: Int = 100_000, maxRank: Int = 64) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxTensorCount = maxTensorCount
            self.maxMetadataEntries = maxMetadataEntries
            self.maxRank = maxRank
        }
    }
}
