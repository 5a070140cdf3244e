import Seq2Seq

/// Every `s2s` command, in the order `s2s --help` lists them. Each pairs a declaration with the
/// function that runs it; both live in the command's own file.
enum CommandTable {
    static let all: [Command] = [
        Command(PrepareCommand.spec, run: PrepareCommand.run),
        Command(TrainCommand.spec, run: TrainCommand.run),
        Command(TranslateCommand.spec, run: TranslateCommand.run),
        Command(AlignCommand.spec, run: AlignCommand.run),
        Command(EvalCommand.spec, run: EvalCommand.run),
        Command(InfoCommand.spec, run: InfoCommand.run),
        Command(BenchCommand.spec, run: BenchCommand.run),
    ]
}
