public import RapportCore

/// A compact way to write example conversations for rules (and tests): lines by the contact (`them`)
/// or by us, at a day offset (fractional days) from Monday 2025-01-06 09:00 UTC.
///
/// Derived features follow what the analysis pipeline produces: `answers` links to the previous message
/// of the other side in the same thread, reply latency is the gap to it (wall clock and business
/// time), `asksSomething` is a `?` or a leading "please/could you/can you", a closer is a message of at
/// most three words that thanks. Tone markers are left empty (the rules read the text).
public enum ExampleScript {
    public enum Who: Sendable { case them, us }

    public struct Line: Sendable {
        public var who: Who
        public var day: Double
        public var text: String
        public var thread: String
        public var words: Int?
        public var sentiment: Double?
    }

    public static let start = Timestamp(year: 2025, month: 1, day: 6, hour: 9)

    public static func them(
        _ day: Double, _ text: String, thread: String = "t1", words: Int? = nil, sentiment: Double? = nil
    ) -> Line {
        Line(who: .them, day: day, text: text, thread: thread, words: words, sentiment: sentiment)
    }

    public static func us(_ day: Double, _ text: String, thread: String = "t1") -> Line {
        Line(who: .us, day: day, text: text, thread: thread, words: nil, sentiment: nil)
    }

    /// The instant `day` days after ``start``.
    public static func at(_ day: Double) -> Timestamp {
        let s = start.instant + day * 86_400
        let whole = s.rounded(.down)
        return Timestamp(seconds: Int64(whole), microseconds: Int32(((s - whole) * 1_000_000).rounded()))
    }

    /// Builds a timeline (sorted by date, then id) for one contact.
    public static func build(
        _ lines: [Line], contact: String = "ana@acme.example", account: String? = "acme.example",
        channel: ChannelKind = .email
    ) -> [AnalyzedMessage] {
        let ordered = lines.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }
        var out: [AnalyzedMessage] = []
        var lastInThread: [String: Int] = [:]
        for (n, (_, line)) in ordered.enumerated() {
            let digits = String(n + 1)
            let id = "m" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
            let date = at(line.day)
            let direction: Direction = line.who == .them ? .inbound : .outbound
            var answers: String? = nil
            var latency: Double? = nil
            var business: Double? = nil
            if let p = lastInThread[line.thread], out[p].direction != direction {
                answers = out[p].id
                latency = date.instant - out[p].date.instant
                business = BusinessTime.seconds(from: out[p].date, to: date, offset: 0)
            }
            let words = line.words ?? countWords(line.text)
            let reading = PhraseMatcher.standard.markers(in: line.text)
            let thanks = reading.contains { $0.kind == .gratitude }
            let lower = line.text.lowercased()
            let asks =
                line.text.utf8.contains(UInt8(ascii: "?")) || lower.hasPrefix("please") || lower.hasPrefix("could you")
                || lower.hasPrefix("can you")
            out.append(
                AnalyzedMessage(
                    id: id, thread: line.thread, answers: answers, date: date, direction: direction, channel: channel,
                    contact: contact, account: account, text: line.text, words: words,
                    startsThread: lastInThread[line.thread] == nil, replyLatency: latency,
                    replyLatencyBusiness: business, sentiment: line.sentiment, markers: [], asksSomething: asks,
                    isCloser: words <= 3 && thanks, hasMobileFooter: ToneReading.detectMobileFooter(line.text)))
            lastInThread[line.thread] = out.count - 1
        }
        return out
    }

    /// Words, counted as the analysis counts them (`TextFeatures.countWords`).
    public static func countWords(_ text: String) -> Int { TextFeatures.countWords(Array(text.utf8)) }

    /// A steady weekly exchange for `weeks` weeks starting at `fromDay`: they write on Tuesday (a warm
    /// question), we answer within hours, they thank us. Used as a baseline in examples.
    public static func steadyWeeks(_ weeks: Int, fromDay: Double = 0, thread prefix: String = "w") -> [Line] {
        var lines: [Line] = []
        for w in 0..<weeks {
            let base = fromDay + Double(w) * 7 + 1
            let d = base + Double(w % 4) * 0.06
            let t = prefix + String(w)
            let variant = w % 3
            let body =
                variant == 0
                ? "Hi Sam,\nquick question about the rollout plan for our team next week, could you share the latest timeline? Thanks a lot!\nCheers,\nAna"
                : variant == 1
                    ? "Hey Sam! The dashboard looks great, thanks. Could we add the export button before Friday? Happy to test it.\nCheers, Ana"
                    : "Hi Sam,\nthanks for the call today :) Can you send me the notes and the new pricing sheet when you get a chance?\nTalk soon,\nAna"
            lines.append(us(base - 0.8, "Hi Ana, here is this week's update on the project.", thread: t))
            lines.append(them(d, body, thread: t, sentiment: 0.6))
            lines.append(us(d + 0.1, "Hi Ana, sure, here it is.", thread: t))
            lines.append(them(d + 0.15, "Thanks!", thread: t, sentiment: 0.5))
        }
        return lines
    }
}
