import Foundation
import Seq2Seq

// Line-buffer stdout so `print` and the progress bar's direct writes interleave in order.
setvbuf(stdout, nil, _IOLBF, 0)

let tool = CommandLineTool(
    name: "s2s",
    version: "0.1.0",
    abstract: "English-French translation with sequence-to-sequence models and attention.",
    discussion: """
        Trains and runs LSTM encoder-decoder models (without attention, with Bahdanau \
        attention, or with Luong attention) on English-French sentence pairs from Tatoeba.

        Typical use:
          s2s prepare tatoeba-en-fr.tsv
          s2s train corpora/en-fr.tsv --model luong
          s2s translate --checkpoint checkpoints/luong.safetensors "How are you?"
        """,
    commands: CommandTable.all)

exit(tool.run(arguments: Array(CommandLine.arguments.dropFirst())))
