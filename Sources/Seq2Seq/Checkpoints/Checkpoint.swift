import Foundation

/// A validation pair kept in a checkpoint so `s2s align` has something to show.
public struct SamplePair: Codable, Sendable, Equatable {
    public var direction: String
    public var source: String
    public var target: String
    public init(direction: String, source: String, target: String) {
        self.direction = direction
        self.source = source
        self.target = target
    }
}

/// Trained models (one per direction) with their vocabularies, training state and samples,
/// stored as one safetensors file.
///
/// Tensor names are `<direction>.<parameter>` (`en-fr.decoder.output.weight`); Adam's moments
/// follow as `<name>.adam_m` / `<name>.adam_v`. The `__metadata__` map holds the format
/// version, each direction's configuration and vocabularies (JSON), the training state and the
/// samples, so a checkpoint is self-describing.
public struct Checkpoint {
    public var models: [DirectionalModel]
    public var state: TrainingState
    public var samples: [SamplePair]

    /// The format this code writes; `load` accepts exactly the versions in `supportedVersions`.
    public static let formatVersion = 1
    public static let supportedVersions: Set<Int> = [1]

    public init(models: [DirectionalModel], state: TrainingState, samples: [SamplePair]) {
        self.models = models
        self.state = state
        self.samples = samples
    }

    /// The model for `direction`, if the checkpoint has one.
    public func model(for direction: TranslationDirection) -> DirectionalModel? {
        models.first { $0.direction == direction }
    }

    /// Writes the checkpoint atomically (temporary file, fsync, rename).
    public func write(to path: String, includeOptimizerState: Bool = true) throws {
        var file = SafeTensorsFile()
        file.metadata["format"] = "s2s"
        file.metadata["format_version"] = String(Self.formatVersion)
        file.metadata["directions"] = models.map(\.direction.description).joined(separator: ",")
        for m in models {
            let prefix = m.direction.description
            file.metadata["\(prefix).configuration"] = try jsonString(m.model.configuration)
            file.metadata["\(prefix).source_vocabulary"] = try jsonString(m.sourceVocabulary.tokens)
            file.metadata["\(prefix).target_vocabulary"] = try jsonString(m.targetVocabulary.tokens)
            file.metadata["\(prefix).keep_case"] = m.keepCase ? "true" : "false"
            for p in m.model.parameters {
                file.tensors.append((name: "\(prefix).\(p.name)", tensor: p.tensor))
                if includeOptimizerState {
                    file.tensors.append((name: "\(prefix).\(p.name).adam_m", tensor: Tensor(shape: p.shape, scalars: p.firstMoment.array)))
                    file.tensors.append((name: "\(prefix).\(p.name).adam_v", tensor: Tensor(shape: p.shape, scalars: p.secondMoment.array)))
                }
            }
        }
        file.metadata["training"] = try jsonString(state)
        file.metadata["samples"] = try jsonString(samples)
        try file.write(to: path)
    }

    /// Loads and validates a checkpoint: every failure is a `CheckpointError` naming the file.
    ///
    /// With `optimizerState: false` (translation, alignment, evaluation) Adam's moments, two
    /// thirds of the file, are checked (checksum and shapes) but not kept, which saves their
    /// memory and most of the load time; the loaded models cannot resume training exactly.
    public static func load(path: String, optimizerState: Bool = true) throws -> Checkpoint {
        let isMoment = { (name: String) in name.hasSuffix(".adam_m") || name.hasSuffix(".adam_v") }
        let (file, skipped) = try SafeTensorsFile.read(path: path, keeping: { optimizerState || !isMoment($0) })
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }
        let meta = file.metadata
        guard meta["format"] == "s2s" else { throw fail("not an s2s checkpoint (metadata has no format \"s2s\")") }
        guard let versionText = meta["format_version"], let version = Int(versionText) else { throw fail("missing format_version") }
        guard supportedVersions.contains(version) else {
            throw fail("format version \(version) is not supported (this s2s reads \(supportedVersions.sorted().map(String.init).joined(separator: ", ")))")
        }
        guard let directionList = meta["directions"], !directionList.isEmpty else { throw fail("no directions in metadata") }
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in file.tensors { tensors[name] = tensor }
        var used = Set<String>()
        var models: [DirectionalModel] = []
        for name in directionList.split(separator: ",").map(String.init) {
            guard let direction = TranslationDirection(name) else { throw fail("unknown direction '\(name)'") }
            let configuration: ModelConfiguration = try decode(meta["\(name).configuration"], "\(name).configuration", fail)
            let sourceTokens: [String] = try decode(meta["\(name).source_vocabulary"], "\(name).source_vocabulary", fail)
            let targetTokens: [String] = try decode(meta["\(name).target_vocabulary"], "\(name).target_vocabulary", fail)
            let sourceVocabulary: Vocabulary, targetVocabulary: Vocabulary
            do {
                sourceVocabulary = try Vocabulary(tokens: sourceTokens)
                targetVocabulary = try Vocabulary(tokens: targetTokens)
            } catch { throw fail("\(name) vocabulary: \(error)") }
            try validate(configuration, sourceVocabulary.count, targetVocabulary.count, fail)
            // The tensors' sizes are bounded by the file's; checking two of them against the
            // configuration first means a forged configuration cannot make us allocate a huge model.
            guard let lstm = tensors["\(name).decoder.lstm.weight"], lstm.shape.first == 4 * configuration.hiddenSize,
                  let embedding = tensors["\(name).encoder.embedding"],
                  embedding.shape == [sourceVocabulary.count, configuration.embeddingSize] else {
                throw fail("\(name): the tensors do not match the declared configuration (\(configuration.summary))")
            }
            // Every declared tensor must be present with the right shape before the model (whose
            // size the configuration controls) is built.
            var random = RandomGenerator.forOverwrittenWeights
            let model = try TranslationModel(configuration: configuration, random: &random)
            for p in model.parameters {
                let key = "\(name).\(p.name)"
                guard let t = tensors[key] else { throw fail("missing tensor \(key)") }
                guard t.shape == p.shape else { throw fail("tensor \(key) has shape \(t.shape), expected \(p.shape)") }
                guard t.scalars.allSatisfy(\.isFinite) else { throw fail("tensor \(key) holds non-finite values") }
                p.value.copy(from: t.scalars)
                used.insert(key)
                for (suffix, buffer) in [("adam_m", p.firstMoment), ("adam_v", p.secondMoment)] {
                    if let shape = skipped["\(key).\(suffix)"] {
                        guard shape == p.shape else { throw fail("tensor \(key).\(suffix) has shape \(shape), expected \(p.shape)") }
                        used.insert("\(key).\(suffix)")
                    } else if let m = tensors["\(key).\(suffix)"] {
                        guard m.shape == p.shape else { throw fail("tensor \(key).\(suffix) has shape \(m.shape), expected \(p.shape)") }
                        // A NaN moment would turn the first resumed update into NaN weights.
                        guard m.scalars.allSatisfy(\.isFinite) else { throw fail("tensor \(key).\(suffix) holds non-finite values") }
                        buffer.copy(from: m.scalars)
                        used.insert("\(key).\(suffix)")
                    }
                }
            }
            models.append(DirectionalModel(direction: direction, sourceVocabulary: sourceVocabulary,
                                           targetVocabulary: targetVocabulary, model: model,
                                           keepCase: meta["\(name).keep_case"] == "true"))
        }
        if let extra = (Array(tensors.keys) + skipped.keys).filter({ !used.contains($0) }).sorted().first {
            throw fail("unexpected tensor \(extra) for the declared model")
        }
        let state: TrainingState = try decode(meta["training"] ?? "{}", "training", fail)
        let samples: [SamplePair] = (try? decode(meta["samples"], "samples", fail)) ?? []
        return Checkpoint(models: models, state: state, samples: samples)
    }

    private static func validate(_ c: ModelConfiguration, _ sourceCount: Int, _ targetCount: Int,
                                 _ fail: (String) -> CheckpointError) throws {
        guard (1...8192).contains(c.embeddingSize), (1...8192).contains(c.hiddenSize), (1...16).contains(c.encoderLayers) else {
            throw fail("configuration sizes out of range (embedding \(c.embeddingSize), hidden \(c.hiddenSize), layers \(c.encoderLayers))")
        }
        guard c.sourceVocabularySize == sourceCount, c.targetVocabularySize == targetCount else {
            throw fail("configuration vocabulary sizes \(c.sourceVocabularySize)/\(c.targetVocabularySize) do not match the stored vocabularies \(sourceCount)/\(targetCount)")
        }
        do { try c.validate() } catch { throw fail("\(error)") }
    }

    private static func decode<T: Decodable>(_ text: String?, _ key: String, _ fail: (String) -> CheckpointError) throws -> T {
        guard let text else { throw fail("missing metadata \(key)") }
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
        catch { throw fail("metadata \(key) is not valid: \(error.localizedDescription)") }
    }
}

private func jsonString<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// A checkpoint that cannot be used, with the file and the reason.
public struct CheckpointError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
