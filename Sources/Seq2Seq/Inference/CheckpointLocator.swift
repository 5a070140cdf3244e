import Foundation

/// Finds the checkpoint a command should use when none is named: the most recently modified
/// `.safetensors` file in `checkpoints/` (resume snapshots of interrupted runs excluded).
public enum CheckpointLocator {
    /// `explicit` if given, else the newest checkpoint in `directory`.
    public static func locate(explicit: String?, directory: String = "checkpoints") throws -> String {
        if let explicit { return explicit }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let candidates = files.filter { $0.hasSuffix(".safetensors") && !$0.hasSuffix(".resume.safetensors") }
            .map { directory + "/" + $0 }
        let dated = candidates.compactMap { path -> (String, Date)? in
            guard let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        guard let newest = dated.max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }) else {
            throw CheckpointError(path: directory, problem: "no checkpoint found; train one with 's2s train corpora/en-fr.tsv' or pass --checkpoint PATH")
        }
        return newest.0
    }
}

extension Checkpoint {
    /// The model to translate `text` with: `from`/`to` when given, else the detected language.
    public func model(forText text: String, from: Language?, to: Language?) throws -> DirectionalModel {
        if let from, let to {
            guard let m = model(for: TranslationDirection(source: from, target: to)) else {
                throw CheckpointError(path: "checkpoint", problem: "has no \(from.rawValue)-\(to.rawValue) model (it has \(directionList))")
            }
            return m
        }
        if let from {
            guard let m = models.first(where: { $0.direction.source == from }) else {
                throw CheckpointError(path: "checkpoint", problem: "has no model translating from \(from.rawValue) (it has \(directionList))")
            }
            return m
        }
        if let to {
            guard let m = models.first(where: { $0.direction.target == to }) else {
                throw CheckpointError(path: "checkpoint", problem: "has no model translating into \(to.rawValue) (it has \(directionList))")
            }
            return m
        }
        if models.count == 1 { return models[0] }
        let detector = LanguageDetector(candidates: models.map { ($0.direction.source, $0.sourceVocabulary) })
        let language = detector.detect(text) ?? models[0].direction.source
        return models.first { $0.direction.source == language } ?? models[0]
    }

    /// `en-fr, fr-en`.
    public var directionList: String { models.map(\.direction.description).joined(separator: ", ") }
}
