#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensorsFile {
    /// Decodes a complete safetensors file held in memory; `source` names it in errors.
    ///
    /// - Throws: `SafeTensorsError` for anything malformed; never traps on bad input.
    public init(bytes: [UInt8], source: String = "<memory>", limits: Limits = .default) throws {
        self = try bytes.withUnsafeBytes { try Self(bytes: $0, source: source, limits: limits) }
    }

    /// Decodes a complete safetensors file held in memory; `source` names it in errors.
    public init(bytes: UnsafeRawBufferPointer, source: String = "<memory>", limits: Limits = .default) throws {
        let headerLength = try Self.checkedHeaderLength(prefix: bytes, fileSize: bytes.count, source: source, limits: limits)
        guard let base = bytes.baseAddress else {
            // Unreachable: checkedHeaderLength has seen at least eight bytes.
            throw SafeTensorsError(.headerLength, source: source, "file is empty")
        }
        let header = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + 8, count: headerLength)
        let dataStart = 8 + headerLength
        self = try Self.decode(header: header, dataLength: bytes.count - dataStart, source: source, limits: limits,
                               keeping: { _ in true }) {
            offset, destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[(dataStart + offset)...].prefix(destination.count)))
        }.file
    }

    /// Reads and validates the safetensors file at `path`.
    ///
    /// The header length is checked against `limits` and the file size before the header is
    /// read, and each tensor's extent is checked against the file before its storage is
    /// allocated, so a forged size can never cause a large allocation. Tensor data is read
    /// straight into the tensors' storage (one copy of the file in memory).
    ///
    /// - Throws: `SafeTensorsError` naming `path` and the problem.
    public static func read(path: String, limits: Limits = .default) throws -> SafeTensorsFile {
        try read(path: path, limits: limits, keeping: { _ in true }).file
    }

    /// Reads and validates the file at `path` like `read(path:limits:)`, but keeps only the
    /// tensors whose names `keep` accepts. The others are still read, a piece at a time through
    /// one small buffer, so that the checksum covers the whole file; their shapes are returned
    /// in `skipped`. (Inference uses this to leave out the optimizer's moments.)
    public static func read(path: String, limits: Limits = .default, keeping keep: (String) -> Bool) throws
        -> (file: SafeTensorsFile, skipped: [String: [Int]]) {
        let file = try SafeTensorsInputFile(path: path)
        defer { file.close() }
        var prefix = [UInt8](repeating: 0, count: 8)
        if file.size >= 8 {
            try prefix.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        }
        let headerLength = try prefix.withUnsafeBytes {
            try checkedHeaderLength(prefix: $0, fileSize: file.size, source: path, limits: limits)
        }
        var header = [UInt8](repeating: 0, count: headerLength)
        try header.withUnsafeMutableBytes { try file.read(into: $0, at: 8) }
        let dataStart = 8 + headerLength
        return try header.withUnsafeBufferPointer { header in
            try decode(header: header, dataLength: file.size - dataStart, source: path, limits: limits, keeping: keep) {
                offset, destination in
                try file.read(into: destination, at: dataStart + offset)
            }
        }
    }

    /// The header length from the first eight bytes, checked against the limit and the file size.
    static func checkedHeaderLength(prefix: UnsafeRawBufferPointer, fileSize: Int, source: String,
                                    limits: Limits) throws -> Int {
        guard fileSize >= 8, prefix.count >= 8 else {
            throw SafeTensorsError(.headerLength, source: source,
                                   "file is too short (\(fileSize) bytes) to hold the 8-byte header length")
        }
        let declared = UInt64(littleEndian: prefix.loadUnaligned(as: UInt64.self))
        let limit = max(0, limits.maxHeaderBytes)
        guard declared <= UInt64(limit) else {
            let limitText = limit % 1_000_000 == 0 && limit > 0 ? "\(limit / 1_000_000) MB" : "\(limit)-byte"
            throw SafeTensorsError(.headerLength, source: source, "header length \(declared) exceeds the \(limitText) limit")
        }
        let available = fileSize - 8
        guard declared <= UInt64(available) else {
            throw SafeTensorsError(.headerLength, source: source,
                                   "header length \(declared) is larger than the \(available) bytes after the length prefix")
        }
        return Int(declared)
    }

    /// Validates `header` and the data layout it declares, then loads every tensor through
    /// `readData(offset, destination)`, which fills `destination` from that data-section offset.
    static func decode(header: UnsafeBufferPointer<UInt8>, dataLength: Int, source: String, limits: Limits,
                       keeping keep: (String) -> Bool,
                       readData: (Int, UnsafeMutableRawBufferPointer) throws -> Void) throws
        -> (file: SafeTensorsFile, skipped: [String: [Int]]) {
        let parsed = try SafeTensorsHeaderParser.parse(header, source: source, limits: limits)
        let layout = try validatedLayout(parsed.entries, dataLength: dataLength, source: source)
        var metadata = parsed.metadata
        let recordedChecksum = try metadata.removeValue(forKey: checksumKey).map {
            try parseChecksum($0, source: source)
        }
        var crc = CRC32C()
        var tensors: [(name: String, tensor: Tensor)] = []
        tensors.reserveCapacity(layout.count)
        var skipped: [String: [Int]] = [:]
        var piece: [UInt8] = []
        for entry in layout {
            if !keep(entry.name) {
                // Hash the bytes without keeping them.
                if piece.isEmpty { piece = [UInt8](repeating: 0, count: 1 << 20) }
                var offset = 0
                let byteCount = entry.elementCount * MemoryLayout<Float>.stride
                while offset < byteCount {
                    let length = min(piece.count, byteCount - offset)
                    try piece.withUnsafeMutableBytes { buffer in
                        let destination = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length])
                        try readData(entry.begin + offset, destination)
                        crc.update(UnsafeRawBufferPointer(destination), pool: .shared)
                    }
                    offset += length
                }
                skipped[entry.name] = entry.shape
                continue
            }
            var scalars = try [Float](unsafeUninitializedCapacity: entry.elementCount) { buffer, initialized in
                let destination = UnsafeMutableRawBufferPointer(buffer)
                if !destination.isEmpty { try readData(entry.begin, destination) }
                crc.update(UnsafeRawBufferPointer(destination), pool: .shared)
                initialized = entry.elementCount
            }
            #if _endian(big)
            scalars.withUnsafeMutableBufferPointer { buffer in
                for index in buffer.indices {
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: buffer[index].bitPattern))
                }
            }
            #endif
            tensors.append((name: entry.name, tensor: Tensor(shape: entry.shape, scalars: scalars)))
            scalars = []
        }
        if let recordedChecksum, recordedChecksum != crc.value {
            throw SafeTensorsError(.checksum, source: source,
                                   "checksum mismatch: the metadata records \(checksumText(recordedChecksum)) "
                                   + "but the data section hashes to \(checksumText(crc.value))")
        }
        return (SafeTensorsFile(tensors: tensors, metadata: metadata), skipped)
    }

    /// `crc32c:` followed by eight lowercase hex digits.
    static func checksumText(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "crc32c:" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func parseChecksum(_ text: String, source: String) throws -> UInt32 {
        let prefix = "crc32c:"
        guard text.hasPrefix(prefix) else {
            throw SafeTensorsError(.metadata, source: source,
                                   "unsupported checksum \(SafeTensorsError.quoted(text)) in \"\(checksumKey)\" (expected crc32c:XXXXXXXX)")
        }
        let digits = text.dropFirst(prefix.count)
        guard digits.utf8.count == 8, digits.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }),
              let value = UInt32(digits, radix: 16) else {
            throw SafeTensorsError(.metadata, source: source,
                                   "malformed checksum \(SafeTensorsError.quoted(text)) in \"\(checksumKey)\" (expected crc32c: and 8 lowercase hex digits)")
        }
        return value
    }
}

/// A tensor whose entry passed every check, in the form the loader needs.
struct SafeTensorsLayoutEntry {
    var name: String
    var shape: [Int]
    var begin: Int
    var end: Int
    var elementCount: Int
}

extension SafeTensorsFile {
    /// Checks each entry (dtype, shape, extent) and that the entries tile the data section
    /// exactly, and returns them in file order (by offset; ties keep header order).
    static func validatedLayout(_ entries: [SafeTensorsHeaderEntry], dataLength: Int,
                                source: String) throws -> [SafeTensorsLayoutEntry] {
        func failure(_ kind: SafeTensorsError.Kind, _ problem: String) -> SafeTensorsError {
            SafeTensorsError(kind, source: source, problem)
        }
        var layout: [SafeTensorsLayoutEntry] = []
        layout.reserveCapacity(entries.count)
        for entry in entries {
            let label = "tensor \(SafeTensorsError.quoted(entry.name))"
            guard entry.dtype == "F32" else {
                throw failure(.dtype, "\(label): unsupported dtype \(SafeTensorsError.quoted(entry.dtype)) (only F32 is supported)")
            }
            guard let byteCount = Self.byteCount(ofShape: entry.shape) else {
                throw failure(.shape, "\(label): shape \(entry.shape) is too large")
            }
            let offsets = "data_offsets [\(entry.begin), \(entry.end)]"
            guard entry.begin <= entry.end else {
                throw failure(.offsets, "\(label): \(offsets) end before they begin")
            }
            guard entry.end <= dataLength else {
                throw failure(.offsets, "\(label): \(offsets) extend past the end of the \(dataLength)-byte data section")
            }
            guard entry.end - entry.begin == byteCount else {
                throw failure(.offsets, "\(label): \(offsets) span \(entry.end - entry.begin) bytes "
                              + "but shape \(entry.shape) of F32 needs \(byteCount)")
            }
            layout.append(SafeTensorsLayoutEntry(name: entry.name, shape: entry.shape, begin: entry.begin,
                                                 end: entry.end, elementCount: byteCount / 4))
        }
        let ordered = layout.indices.sorted {
            (layout[$0].begin, layout[$0].end, $0) < (layout[$1].begin, layout[$1].end, $1)
        }.map { layout[$0] }
        var cursor = 0
        var previous: SafeTensorsLayoutEntry?
        for entry in ordered {
            if entry.begin < cursor, let previous {
                throw failure(.offsets, "tensors \(SafeTensorsError.quoted(previous.name)) [\(previous.begin), \(previous.end)] "
                              + "and \(SafeTensorsError.quoted(entry.name)) [\(entry.begin), \(entry.end)] overlap")
            }
            if entry.begin > cursor {
                throw failure(.offsets, "gap of \(entry.begin - cursor) bytes in the data section at offset \(cursor), "
                              + "before tensor \(SafeTensorsError.quoted(entry.name))")
            }
            cursor = entry.end
            previous = entry
        }
        guard cursor == dataLength else {
            throw failure(.offsets, ordered.isEmpty
                ? "data section holds \(dataLength) bytes but the header declares no tensors"
                : "data section has \(dataLength - cursor) bytes after the last tensor")
        }
        return ordered
    }

    /// The F32 byte count of `shape`, or nil if a dimension is negative or the size overflows.
    /// Zero dimensions count as one for the overflow check, so that every partial product of a
    /// loaded shape (as used for rows and columns) is representable.
    static func byteCount(ofShape shape: [Int]) -> Int? {
        var bound = 4
        var elements = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (nextBound, overflow) = bound.multipliedReportingOverflow(by: max(dimension, 1))
            guard !overflow else { return nil }
            bound = nextBound
            elements = dimension == 0 ? 0 : elements * dimension
        }
        return elements * 4
    }
}

/// An open, regular file read with `pread`, so that each region is read exactly once.
private final class SafeTensorsInputFile {
    let path: String
    let size: Int
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        // O_NONBLOCK: opening a FIFO must not hang; it is rejected below as not a regular file.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw SafeTensorsError(.io, source: path, "cannot open for reading: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            closeFileDescriptor(descriptor)
            throw SafeTensorsError(.io, source: path, "cannot inspect file: \(reason)")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            closeFileDescriptor(descriptor)
            let what = (status.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
            throw SafeTensorsError(.io, source: path, "is \(what), not a safetensors file")
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    /// Fills `destination` from byte `offset` of the file.
    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let base = destination.baseAddress else { return }
        var done = 0
        while done < destination.count {
            let result = pread(descriptor, base + done, destination.count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw SafeTensorsError(.io, source: path, "read failed at byte \(offset + done): \(String(cString: strerror(errno)))")
            }
            guard result > 0 else {
                throw SafeTensorsError(.io, source: path,
                                       "file ended at byte \(offset + done), before the \(size) bytes it had when opened (was it changed while being read?)")
            }
            done += result
        }
    }

    func close() {
        if descriptor >= 0 { closeFileDescriptor(descriptor) }
        descriptor = -1
    }
}

/// `close(2)` under a name that the class's own `close()` does not shadow.
private func closeFileDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
