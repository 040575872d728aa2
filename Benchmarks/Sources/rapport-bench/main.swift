import Foundation

/// rapport-bench: plain release-mode benchmarks. Each entry compares against a reference measured in
/// the same run and prints median MB/s and the ratio. See Benchmarks/README.md.
let usage = """
    usage: rapport-bench gen-text --out PATH [--mb 100] [--seed 42] [--cjk 10] [--accented 20]
           rapport-bench wordbreak --file PATH [--repeat 5] [--chunk 65536]
    """

func option(_ name: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func intOption(_ name: String, in args: [String], default d: Int) throws -> Int {
    guard let s = option(name, in: args) else { return d }
    guard let v = Int(s), v > 0 else { throw BenchError("\(name) needs a positive integer, got '\(s)'") }
    return v
}

let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case "gen-text":
        guard let out = option("--out", in: args) else { throw BenchError("gen-text needs --out PATH\n" + usage) }
        let mb = try intOption("--mb", in: args, default: 100)
        let seed = try intOption("--seed", in: args, default: 42)
        let cjk = Int(option("--cjk", in: args) ?? "10") ?? -1
        let accented = Int(option("--accented", in: args) ?? "20") ?? -1
        guard (0...100).contains(cjk), (0...100).contains(accented), cjk + accented <= 100 else {
            throw BenchError("--cjk and --accented are percentages of sentences and must add up to at most 100")
        }
        let n = try TextGenerator.write(
            path: out, megabytes: mb, seed: UInt64(seed), cjkPercent: cjk, accentedPercent: accented)
        print("wrote \(Harness.grouped(n)) bytes to \(out)")
    case "wordbreak":
        guard let file = option("--file", in: args) else { throw BenchError("wordbreak needs --file PATH\n" + usage) }
        try WordBreakBench.run(
            path: file, repeats: try intOption("--repeat", in: args, default: 5),
            chunkSize: try intOption("--chunk", in: args, default: 65536))
    default:
        print(usage)
        exit(args.isEmpty ? 0 : 2)
    }
} catch {
    FileHandle.standardError.write(Data("rapport-bench: \(error)\n".utf8))
    exit(1)
}
