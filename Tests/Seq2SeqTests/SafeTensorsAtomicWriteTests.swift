import Foundation
import Seq2Seq
import Testing

@Suite("SafeTensors atomic write")
struct SafeTensorsAtomicWriteTests {
    static let old = SafeTensorsFile(tensors: [("old", Tensor(shape: [2], scalars: [1, 2]))], metadata: ["version": "old"])
    static let new = SafeTensorsFile(tensors: [("new", Tensor(shape: [3], scalars: [3, 4, 5]))], metadata: ["version": "new"])

    @Test("a save leaves exactly the target, and replaces an existing file")
    func success() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/model.safetensors"
        try Self.old.write(to: path)
        #expect(try directory.contents() == ["model.safetensors"])
        try Self.new.write(to: path)
        #expect(try directory.contents() == ["model.safetensors"])
        #expect(try SafeTensorsFile.read(path: path) == Self.new)
    }

    @Test("a missing directory fails before anything is created")
    func missingDirectory() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/absent/model.safetensors"
        expectSafeTensorsError(try Self.new.write(to: path), .io, "\(path): cannot create temporary file")
        #expect(try directory.contents().isEmpty)
    }

    @Test("a failed rename removes the temporary file and leaves the target alone")
    func renameFails() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        // The target is a non-empty directory: everything is written and synced, then rename fails.
        let target = directory.path + "/model.safetensors"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try Self.old.write(to: target + "/inside.safetensors")
        expectSafeTensorsError(try Self.new.write(to: target), .io, "cannot rename the temporary file over the target")
        #expect(try directory.contents() == ["model.safetensors"])
        #expect(try SafeTensorsFile.read(path: target + "/inside.safetensors") == Self.old)
    }

    @Test("a failure in the middle of writing removes the temporary file and keeps the old file")
    func failureMidWrite() throws {
        struct DiskFull: Error {}
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/model.safetensors"
        try Self.old.write(to: path)
        let newBytes = try Self.new.serialized()
        #expect(throws: DiskFull.self) {
            try SafeTensorsAtomicWriter.replaceFile(at: path) { write in
                try newBytes.prefix(20).withUnsafeBytes { try write($0) }
                #expect(try directory.contents().count == 2)  // the target and the partial temporary file
                throw DiskFull()
            }
        }
        #expect(try directory.contents() == ["model.safetensors"])
        #expect(try SafeTensorsFile.read(path: path) == Self.old)
    }

    @Test("the longest legal file name still saves (the temporary name is shortened)")
    func longestName() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let name = String(repeating: "é", count: 100) + String(repeating: "m", count: 43) + ".safetensors"
        #expect(name.utf8.count == 255)
        try Self.old.write(to: directory.path + "/" + name)
        try Self.new.write(to: directory.path + "/" + name)
        #expect(try directory.contents() == [name])
        #expect(try SafeTensorsFile.read(path: directory.path + "/" + name) == Self.new)
    }

    @Test("a read-only directory leaves the old file intact", .enabled(if: geteuid() != 0, "root ignores permissions"))
    func readOnlyDirectory() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer {
            chmod(directory.path, 0o755)
            directory.remove()
        }
        let path = directory.path + "/model.safetensors"
        try Self.old.write(to: path)
        #expect(chmod(directory.path, 0o555) == 0)
        expectSafeTensorsError(try Self.new.write(to: path), .io, "Permission denied")
        #expect(try directory.contents() == ["model.safetensors"])
        #expect(try SafeTensorsFile.read(path: path) == Self.old)
    }

    @Test("an invalid file is refused before the disk is touched")
    func invalidTensorsTouchNothing() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/model.safetensors"
        try Self.old.write(to: path)
        var invalid = Self.new
        invalid.tensors.append(invalid.tensors[0])
        expectSafeTensorsError(try invalid.write(to: path), .invalidTensor, "\(path): cannot write tensor \"new\": the name is used twice")
        #expect(try directory.contents() == ["model.safetensors"])
        #expect(try SafeTensorsFile.read(path: path) == Self.old)
    }

    @Test("a path naming a directory is refused")
    func directoryPath() throws {
        expectSafeTensorsError(try Self.new.write(to: FileManager.default.temporaryDirectory.path + "/"), .io, "names a directory, not a file")
    }
}
