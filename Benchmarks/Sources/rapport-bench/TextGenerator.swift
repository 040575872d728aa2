import Foundation

/// Writes mixed-script text shaped like message bodies: paragraphs of sentences, ~70% English,
/// ~20% accented Latin (French/German/Spanish/Portuguese/Nordic), ~10% CJK (Chinese and Japanese,
/// no spaces, which ICU segments by dictionary), with numbers, e-mail addresses, URLs and emoji.
enum TextGenerator {
    static let english = """
        the a we you they our your team account report export data customer meeting thanks please update \
        quarter renewal review question issue fix release schedule store region weekly dashboard invoice \
        contract follow up call tomorrow today next week looks great happy sorry delay still missing rows \
        support ticket thank regards best kind could would should will can not is are was were have has \
        been into with from about over under between after before during onboarding pricing seats expansion
        """.split(separator: " ").map(String.init)
    static let accented = """
        café naïve façade über Grüße Straße Lösung Müller Köhler Lübeck niño año mañana está gestión \
        información São Paulo Montréal déjà vu résumé élève répondre réunion début Ærø smörgåsbord \
        øl fjörður señor pingüino crème brûlée Zürich Genève Ålesund garçon coöperate façon tôt
        """.split(separator: " ").map(String.init)
    static let cjk = """
        我们 客户 关系 今天 会议 报告 问题 谢谢 请 更新 合同 续约 数据 导出 团队 下周 北京 上海 \
        ありがとう お願いします 東京 会議 報告 顧客 確認 します でした 来週 データ 出力 問題 解決
        """.split(separator: " ").map(String.init)
    static let extras = [
        "2026", "3.5", "40", "#4231", "dana.whitfield@northwind.example", "https://app.rapport-demo.io/r/42",
        "🎉", "🙌", "(EMEA)", "Q3", "v4.14.2", "10:30", "—", "“quoted”",
    ]

    /// Writes about `megabytes` × 10^6 bytes of UTF-8 to `path`; returns the exact byte count.
    /// `cjkPercent` and `accentedPercent` set the share of sentences in each script (the rest English).
    static func write(
        path: String, megabytes: Int, seed: UInt64, cjkPercent: Int = 10, accentedPercent: Int = 20
    ) throws -> Int {
        let target = megabytes * 1_000_000
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let out = FileHandle(forWritingAtPath: path)
        else { throw BenchError("cannot create \(path)") }
        defer { try? out.close() }
        var rng = SplitMix64(seed: seed)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var written = 0
        while written + buffer.count < target {
            paragraph(into: &buffer, rng: &rng, cjk: cjkPercent, accented: accentedPercent)
            if buffer.count >= 1 << 20 {
                try out.write(contentsOf: buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try out.write(contentsOf: buffer)
        written += buffer.count
        return written
    }

    static func paragraph(into b: inout [UInt8], rng: inout SplitMix64, cjk cjkShare: Int, accented: Int) {
        let sentences = Int.random(in: 2...6, using: &rng)
        for s in 0..<sentences {
            if s > 0 { b.append(0x20) }
            let roll = Int.random(in: 0..<100, using: &rng)
            if roll < cjkShare {
                for _ in 0..<Int.random(in: 6...16, using: &rng) {
                    b.append(contentsOf: cjk.randomElement(using: &rng)!.utf8)
                }
                b.append(contentsOf: "。".utf8)
            } else {
                let pool = roll < cjkShare + accented ? self.accented : english
                let n = Int.random(in: 5...18, using: &rng)
                for w in 0..<n {
                    if w > 0 { b.append(Int.random(in: 0..<12, using: &rng) == 0 ? 0x2C : 0x20) }
                    if w > 0 && b.last == 0x2C { b.append(0x20) }
                    var word =
                        Int.random(in: 0..<15, using: &rng) == 0
                        ? extras.randomElement(using: &rng)! : pool.randomElement(using: &rng)!
                    if w == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
                    b.append(contentsOf: word.utf8)
                }
                b.append(contentsOf: [".", "!", "?", "."][Int.random(in: 0..<4, using: &rng)].utf8)
            }
        }
        b.append(0x0A)
        if Int.random(in: 0..<4, using: &rng) == 0 { b.append(0x0A) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
