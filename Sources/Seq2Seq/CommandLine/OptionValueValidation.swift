extension OptionSpec {
    /// Converts the text given for this option into a typed value, or throws
    /// `CommandLineUsageError.invalidValue` saying what was expected. `spelling` is how the user
    /// wrote the option (`--output` or `-o`), so the message quotes them back.
    func validatedValue(_ text: String, spelling: String) throws -> OptionValue {
        func reject(_ reason: String) -> CommandLineUsageError {
            .invalidValue(text, option: spelling, reason: reason)
        }
        switch kind {
        case .flag:
            return .flag(true)
        case .integer(let range):
            guard let number = Int(text) else { throw reject("not an integer") }
            guard range.contains(Double(number)) else { throw reject(range.requirement) }
            return .integer(number)
        case .double(let range):
            guard let number = Double(text) else { throw reject("not a number") }
            guard number.isFinite else { throw reject("not a finite number") }
            guard range.contains(number) else { throw reject(range.requirement) }
            return .double(number)
        case .choice(let choices):
            guard choices.contains(text) else {
                throw reject("must be one of " + choices.joined(separator: ", "))
            }
            return .string(text)
        case .string, .path:
            return .string(text)
        }
    }
}
