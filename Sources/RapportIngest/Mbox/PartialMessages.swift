/// Reassembles `message/partial` fragments (RFC 2046 §5.2.2: a message split over several mails, as
/// Outlook Express's "break apart messages larger than …" sends it) within one input.
///
/// Sits between the splitter and the parser, on the reading thread, and behaves the same in both passes
/// (so message positions agree). A fragment (flagged by the splitter, see ``RawMessage/partial``) is held
/// until every part of its `id` has been read; the part that completes the set is replaced by the
/// reassembled message and the other parts by `partial-merged` skips. A fragment that cannot be used is
/// a skip at its own position: `partial-malformed` (no `id`, a `number` outside 1…`total`, totals that
/// disagree), `partial-duplicate` (a part read twice: the later copy), `partial-too-large` (held fragments
/// would pass ``IngestLimits/maxPartialBytes``). Fragments whose set is still incomplete at the end of the
/// input are ``leftovers()``: each is counted as `partial-incomplete` ("2 of 3 parts missing"), never read
/// as text.
struct PartialAssembler {
    /// One held fragment.
    struct Fragment {
        var number: Int
        var raw: RawMessage
        /// The unit (file or archive entry) it was read from, and whether that unit holds one message.
        var unit: String
        var single: Bool
    }

    /// The fragments of one id, and its `total` once a part has said it.
    struct Set {
        /// The position of its first fragment among the sets (leftovers come in that order).
        var first: Int
        var total: Int?
        var parts: [Fragment] = []
        /// The part numbers held, and the largest (checked per fragment without a pass over `parts`).
        var numbers: Swift.Set<Int> = []
        var maxNumber = 0
    }

    let limits: IngestLimits
    private var sets: [String: Set] = [:]
    /// Sets started so far (``Set/first``).
    private var started = 0
    private var heldBytes = 0
    /// Most parts a set may have.
    static let maxTotal = 10_000

    init(limits: IngestLimits) { self.limits = limits }

    /// A fragment left in an incomplete set at the end of the input.
    struct Leftover {
        var unit: String
        var raw: RawMessage
        var problem: String
    }

    /// The batch with its fragments taken out: held, replaced by skips, or (the one completing a set) by the
    /// reassembled message.
    mutating func take(_ batch: [RawMessage], unit: String, single: Bool) -> [RawMessage] {
        guard batch.contains(where: \.partial) else { return batch }
        var out: [RawMessage] = []
        out.reserveCapacity(batch.count)
        for raw in batch {
            guard raw.partial, !raw.oversize, raw.failure == nil else {
                out.append(raw)
                continue
            }
            out += add(raw, unit: unit, single: single)
        }
        return out
    }

    private func skip(_ raw: RawMessage, _ reason: String, _ problem: String) -> RawMessage {
        var r = raw
        r.data = []
        r.skip = (reason, problem)
        return r
    }

    private mutating func add(_ raw: RawMessage, unit: String, single: Bool) -> [RawMessage] {
        let fields = raw.data.withUnsafeBufferPointer { buf -> (String?, Int?, Int?)? in
            guard let (h, _, _) = MailHeaders.parse(buf, limit: limits.maxHeaderBytes),
                let ct = h.first("content-type")
            else { return nil }
            let (type, params) = HeaderDecoder.parameters(ct)
            guard type == "message/partial" else { return nil }
            return (params["id"], params["number"].flatMap(Self.count), params["total"].flatMap(Self.count))
        }
        // The splitter's byte check saw `message/partial` outside the Content-Type's value (a folded
        // parameter, a comment): an ordinary message.
        guard let (idValue, number, total) = fields else { return [raw] }
        guard let id = idValue, !id.isEmpty else {
            return [skip(raw, "partial-malformed", "message/partial without an id")]
        }
        let label = "message/partial id=\(Self.shown(id))"
        guard let number, number >= 1, number <= Self.maxTotal else {
            return [skip(raw, "partial-malformed", "\(label): no usable part number")]
        }
        if let total, total < 1 || total > Self.maxTotal {
            return [skip(raw, "partial-malformed", "\(label): total \(total) is out of range")]
        }
        // Scalars only: a copy of the set kept alive here would make every append below copy its parts.
        let (exists, setTotal, held, maxNumber) =
            sets[id].map { (true, $0.total, $0.numbers.contains(number), $0.maxNumber) } ?? (false, nil, false, 0)
        if let total, let known = setTotal, known != total {
            return [skip(raw, "partial-malformed", "\(label): total \(total) differs from an earlier part's \(known)")]
        }
        if let known = setTotal ?? total, number > known || maxNumber > known {
            return [skip(raw, "partial-malformed", "\(label): part number past the total \(known)")]
        }
        if held {
            let of = (setTotal ?? total).map { " of \($0)" } ?? ""
            return [skip(raw, "partial-duplicate", "\(label): part \(number)\(of) read twice; the later copy skipped")]
        }
        if heldBytes + raw.data.count > limits.maxPartialBytes {
            return [
                skip(
                    raw, "partial-too-large",
                    "\(label): part \(number) would hold more than \(limits.maxPartialBytes) bytes of fragments")
            ]
        }
        // In place (a completed set leaves the table, so ids never need removing from a list: removing them
        // from one made many interleaved sets quadratic, 2026-12-07 fuzz campaign).
        if !exists {
            sets[id] = Set(first: started)
            started += 1
        }
        if setTotal == nil { sets[id]!.total = total }
        sets[id]!.parts.append(Fragment(number: number, raw: raw, unit: unit, single: single))
        sets[id]!.numbers.insert(number)
        sets[id]!.maxNumber = max(maxNumber, number)
        heldBytes += raw.data.count
        guard let known = sets[id]!.total, sets[id]!.parts.count == known else { return [] }
        // Complete: every number 1…total once (duplicates and out-of-range numbers were refused).
        let set = sets.removeValue(forKey: id)!
        for p in set.parts { heldBytes -= p.raw.data.count }
        let parts = set.parts.sorted { $0.number < $1.number }
        var out: [RawMessage] = []
        for p in set.parts where p.number != number {
            var merged = p.raw
            merged.data = []
            merged.skip = ("partial-merged", "")
            out.append(merged)
        }
        out.append(reassemble(parts, completing: raw, unit: unit))
        return out
    }

    /// Counts of fragments of incomplete sets (call once, after the last unit).
    mutating func leftovers() -> [Leftover] {
        var result: [Leftover] = []
        for (id, set) in sets.sorted(by: { $0.value.first < $1.value.first }) {
            let parts = set.parts.sorted { $0.number < $1.number }
            let total = set.total
            let missing: String
            if let total {
                missing = "\(total - parts.count) of \(total) parts missing"
            } else {
                missing = "the last part (with the total) missing, \(parts.count) read"
            }
            for p in parts {
                result.append(
                    Leftover(
                        unit: p.unit, raw: p.raw,
                        problem: "message/partial id=\(Self.shown(id)) part \(p.number): \(missing)"))
            }
        }
        sets = [:]
        started = 0
        heldBytes = 0
        return result
    }

    /// The reassembled message (RFC 2046 §5.2.2.1): the first part's enclosing header fields except
    /// `Content-*`, `Subject`, `Message-ID`, `Encrypted` and `MIME-Version`, then those fields of the enclosed
    /// message, then the enclosed body (the parts' bodies in number order). The locator is the first part's
    /// when it was read from the same file as the completing part, else the completing part's.
    private func reassemble(_ parts: [Fragment], completing: RawMessage, unit: String) -> RawMessage {
        let first = parts[0]
        var body: [UInt8] = []
        for p in parts {
            p.raw.data.withUnsafeBufferPointer { buf in
                let start = MailHeaders.parse(buf, limit: limits.maxHeaderBytes)?.body ?? buf.count
                var end = buf.count
                // In an mbox the blank line before the next `From ` line belongs to the separator.
                if !p.single && end - start >= 2 && buf[end - 1] == 0x0A && buf[end - 2] == 0x0A { end -= 1 }
                if start < end { body.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<end])) }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 1024)
        first.raw.data.withUnsafeBufferPointer { buf in
            for f in Self.fieldRanges(buf) where !Self.fromEnclosed(buf, f) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[f]))
            }
        }
        var bodyStart = body.count
        body.withUnsafeBufferPointer { buf in
            let fields = Self.fieldRanges(buf)
            bodyStart =
                fields.last.map { r in
                    // Past the field block and its blank line.
                    var e = r.upperBound
                    if e < buf.count && buf[e] == 0x0D { e += 1 }
                    if e < buf.count && buf[e] == 0x0A { e += 1 }
                    return e
                } ?? 0
            for f in fields where Self.fromEnclosed(buf, f) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[f]))
            }
        }
        out.append(0x0A)
        out.append(contentsOf: body[bodyStart...])
        var r = first.unit == unit && first.raw.member == completing.member ? first.raw : completing
        r.partial = false
        r.truncated = parts.contains { $0.raw.truncated }
        r.draft = parts.contains { $0.raw.draft }
        if out.count > limits.maxMessageBytes {
            r.oversize = true
            r.data = []
        } else {
            r.data = out
        }
        return r
    }

    /// The header fields at the start of `buf` (each with its continuation lines and line end), up to the
    /// blank line; none when the first line is no field.
    static func fieldRanges(_ buf: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = 0
        let n = buf.count
        while i < n {
            var e = i
            while e < n && buf[e] != 0x0A { e += 1 }
            let next = e < n ? e + 1 : n
            let blank = e == i || (e == i + 1 && buf[i] == 0x0D)
            if blank { break }
            if buf[i] == 0x20 || buf[i] == 0x09 {
                guard let last = result.popLast() else { break }
                result.append(last.lowerBound..<next)
            } else {
                guard MboxSplitter.isHeaderField(UnsafeBufferPointer(rebasing: buf[i..<next])) else { break }
                result.append(i..<next)
            }
            i = next
        }
        return result
    }

    /// Fields the reassembled message takes from the enclosed message: `Content-*`, `Subject`, `Message-ID`,
    /// `Encrypted`, `MIME-Version`.
    static func fromEnclosed(_ buf: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Bool {
        var name: [UInt8] = []
        var i = field.lowerBound
        while i < field.upperBound && buf[i] != 0x3A && name.count < 20 {
            let c = buf[i]
            name.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
            i += 1
        }
        if name.starts(with: Array("content-".utf8)) { return true }
        return enclosedNames.contains(name)
    }

    static let enclosedNames: [[UInt8]] = ["subject", "message-id", "encrypted", "mime-version"].map { Array($0.utf8) }

    /// A `number`/`total` value: 1–9 digits.
    static func count(_ s: String) -> Int? {
        let t = s.utf8.filter { $0 != 0x20 && $0 != 0x09 }
        guard !t.isEmpty, t.count <= 9, t.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return t.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// An id as shown in problem lines: at most 80 printable ASCII bytes.
    static func shown(_ id: String) -> String {
        let b = id.utf8.prefix(80).map { $0 >= 0x20 && $0 < 0x7F ? $0 : 0x3F }
        return String(decoding: b, as: UTF8.self) + (id.utf8.count > 80 ? "…" : "")
    }
}
