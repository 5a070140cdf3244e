extension SafeTensorsFile {
    /// The complete file as bytes: length prefix, padded JSON header, tensor data.
    ///
    /// - Throws: `SafeTensorsError` (`.invalidTensor`) if a name is duplicated or reserved, or a
    ///   tensor's shape does not match its scalar count, since no valid file could hold it.
    public func serialized() throws -> [UInt8] {
        try serialized(source: "<memory>", includeChecksum: true)
    }

    /// `serialized()`, optionally without the checksum entry (as other writers produce).
    func serialized(source: String, includeChecksum: Bool) throws -> [UInt8] {
        let head = try encodedHead(source: source, includeChecksum: includeChecksum)
        var bytes = head.prefixAndHeader
        bytes.reserveCapacity(head.prefixAndHeader.count + head.dataLength)
        for entry in tensors {
            Self.withLittleEndianBytes(of: entry.tensor.scalars) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Saves the file atomically at `path`: written in full to a temporary file in the same
    /// directory, synced, renamed over `path`, and the directory synced. If anything fails the
    /// temporary file is removed and any existing file at `path` is left untouched.
    ///
    /// - Throws: `SafeTensorsError` naming `path` (`.io` for file-system failures).
    public func write(to path: String) throws {
        let head = try encodedHead(source: path, includeChecksum: true)
        try SafeTensorsAtomicWriter.replaceFile(at: path) { write in
            try head.prefixAndHeader.withUnsafeBytes { try write($0) }
            for entry in tensors {
                try Self.withLittleEndianBytes(of: entry.tensor.scalars) { try write($0) }
            }
        }
    }

    /// Checks every tensor and builds the length prefix and padded header, whose checksum
    /// covers the data that follows.
    private func encodedHead(source: String, includeChecksum: Bool) throws
        -> (prefixAndHeader: [UInt8], dataLength: Int) {
        var names = Set<String>()
        var offsets: [(begin: Int, end: Int)] = []
        offsets.reserveCapacity(tensors.count)
        var crc = CRC32C()
        var cursor = 0
        for (name, tensor) in tensors {
            let label = "cannot write tensor \(SafeTensorsError.quoted(name))"
            guard name != "__metadata__" else {
                throw SafeTensorsError(.invalidTensor, source: source, "\(label): the name is reserved for metadata")
            }
            guard names.insert(name).inserted else {
                throw SafeTensorsError(.invalidTensor, source: source, "\(label): the name is used twice")
            }
            guard let byteCount = Self.byteCount(ofShape: tensor.shape), byteCount / 4 == tensor.scalars.count else {
                throw SafeTensorsError(.invalidTensor, source: source,
                                       "\(label): shape \(tensor.shape) does not match its \(tensor.scalars.count) scalars")
            }
            Self.withLittleEndianBytes(of: tensor.scalars) { crc.update($0) }
            offsets.append((cursor, cursor + byteCount))
            cursor += byteCount
        }

        var allMetadata = metadata
        if includeChecksum { allMetadata[Self.checksumKey] = Self.checksumText(crc.value) }

        var json = SafeTensorsJSONWriter()
        json.raw("{")
        var needsComma = false
        if !allMetadata.isEmpty {
            json.string("__metadata__")
            json.raw(":{")
            for (index, key) in allMetadata.keys.sorted().enumerated() {
                if index > 0 { json.raw(",") }
                json.string(key)
                json.raw(":")
                json.string(allMetadata[key] ?? "")
            }
            json.raw("}")
            needsComma = true
        }
        for (index, entry) in tensors.enumerated() {
            if needsComma { json.raw(",") }
            needsComma = true
            json.string(entry.name)
            json.raw(":{\"dtype\":\"F32\",\"shape\":[")
            json.raw(entry.tensor.shape.map(String.init).joined(separator: ","))
            json.raw("],\"data_offsets\":[\(offsets[index].begin),\(offsets[index].end)]}")
        }
        json.raw("}")
        // Spaces up to a multiple of eight, so the data section (after the 8-byte prefix) is aligned.
        let padding = (8 - json.bytes.count % 8) % 8
        json.bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))

        var head: [UInt8] = []
        head.reserveCapacity(8 + json.bytes.count)
        withUnsafeBytes(of: UInt64(json.bytes.count).littleEndian) { head.append(contentsOf: $0) }
        head.append(contentsOf: json.bytes)
        return (head, cursor)
    }

    /// Calls `body` with the scalars' little-endian bytes (no copy on little-endian machines).
    static func withLittleEndianBytes<Result>(of scalars: [Float],
                                              _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        #if _endian(little)
        return try scalars.withUnsafeBytes(body)
        #else
        let swapped = scalars.map { $0.bitPattern.littleEndian }
        return try swapped.withUnsafeBytes(body)
        #endif
    }
}

/// Appends JSON text as UTF-8, escaping strings per RFC 8259.
struct SafeTensorsJSONWriter {
    var bytes: [UInt8] = []

    /// Appends `text` verbatim (the caller guarantees it is valid JSON syntax).
    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` as a quoted JSON string. Non-ASCII text stays raw UTF-8, which is valid JSON.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hexDigits = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
