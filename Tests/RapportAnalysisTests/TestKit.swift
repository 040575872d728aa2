import Foundation
import RapportAnalysis
import RapportCore

/// Builders for hand-made conversations.
enum Kit {
    static let us = Us(identities: ["me@ours.com"], internalDomains: ["ours.com"], inferred: false, explanation: "test")

    static func t(_ s: String) -> Timestamp {
        guard let t = Timestamp(iso8601: s) else { fatalError("bad test date \(s)") }
        return t
    }

    /// A mail from `from` to `to` (addresses), in `thread`.
    static func mail(
        _ id: String, _ thread: String, from: String, to: String, at date: String, _ text: String,
        channel: ChannelKind = .email, attributes: [String: String] = [:], flags: MessageFlags = []
    ) -> Message {
        Message(
            id: id, source: channel == .email ? .mbox : (channel.isSlack ? .slack : .ticket),
            locator: SourceLocator(file: "test"), thread: thread, from: .email(from, name: name(from)),
            to: channel == .email ? [.email(to, name: name(to))] : [], date: t(date), channel: channel,
            subject: "s-" + thread, text: text, flags: flags, attributes: attributes)
    }

    static func name(_ address: String) -> String {
        let local = address.split(separator: "@").first.map(String.init) ?? address
        return local.prefix(1).uppercased() + local.dropFirst() + " Test"
    }

    static func aggregate(
        _ messages: [Message], asOf: Timestamp?, config: AnalysisConfig = .defaults
    )
        -> PartialAggregate
    {
        let f = Featurizer(us: us, analyzer: nil)
        var agg = PartialAggregate(asOf: asOf, timelineDays: config.analysis.timelineDays)
        for message in messages {
            var m = message
            m.direction = us.classify(m)
            agg.add(m, featurizer: f)
        }
        return agg
    }

    static func analyze(
        _ messages: [Message], asOf: String? = nil, config: AnalysisConfig = .defaults
    )
        -> AnalysisBody
    {
        let a = asOf.map(t)
        return Analyzer(config: config).analyze(aggregate(messages, asOf: a, config: config), asOf: a)
    }

    static func contact(_ body: AnalysisBody, _ id: String) -> ContactResult? {
        (body.accounts.flatMap(\.contacts) + body.unaffiliated).first { $0.id == id }
    }

    static func encode<T: Encodable>(_ v: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(v)) ?? Data(), as: UTF8.self)
    }

    /// A report-like value of the body for byte comparisons.
    /// The parts merged first to last and last to first (a merge must not depend on shard order).
    static func mergedBothWays(_ parts: [PartialAggregate]) -> (forward: PartialAggregate, backward: PartialAggregate) {
        var forward = parts[0]
        for p in parts.dropFirst() { forward.merge(p) }
        var backward = parts[parts.count - 1]
        for p in parts.dropLast().reversed() { backward.merge(p) }
        return (forward, backward)
    }

    /// `messages` through the map stage: each message's record (direction left to the reduce, as a
    /// partial file holds it) encoded, decoded and added to one aggregate.
    static func reducedFromRecords(_ messages: [Message], us: Us, asOf: Timestamp?) throws -> PartialAggregate {
        let f = Featurizer(us: us, analyzer: nil)
        var reduced = PartialAggregate(asOf: asOf, timelineDays: 180)
        for m in messages {
            var raw = m
            raw.direction = .unknown
            let data = try JSONEncoder().encode(f.record(of: raw, keepText: true))
            reduced.add(try JSONDecoder().decode(MessageRecord.self, from: data), us: us)
        }
        return reduced
    }

    /// `messages` dealt round-robin into `shards` aggregates.
    static func roundRobinShards(_ messages: [Message], shards: Int, asOf: Timestamp) -> [PartialAggregate] {
        (0..<shards).map { s in
            aggregate(messages.enumerated().filter { $0.offset % shards == s }.map(\.element), asOf: asOf)
        }
    }

    static func bytes(_ b: AnalysisBody) -> String {
        encode(b.accounts) + encode(b.unaffiliated) + encode(b.warnings) + encode(b.asOf)
    }

    /// A steady professional email relationship: `n` exchanges, we ask, they answer after `replyHours`.
    static func exchanges(
        contact: String = "jane@acme.com", n: Int, start: String = "2026-01-05T10:00:00+00:00", replyHours: Double,
        gapDays: Int = 3, theirText: String = "Here is the update you asked for, all good.",
        ourText: String = "Could you send the latest numbers?", channel: ChannelKind = .email
    ) -> [Message] {
        var out: [Message] = []
        let base = t(start)
        for i in 0..<n {
            let ask = Timestamp(seconds: base.seconds + Int64(i * gapDays * 86_400), utcOffset: 0)
            let reply = Timestamp(seconds: ask.seconds + Int64(replyHours * 3600), utcOffset: 0)
            out.append(
                mail(
                    "q\(i)-\(contact)", "th\(i)-\(contact)", from: "me@ours.com", to: contact, at: ask.iso8601, ourText,
                    channel: channel))
            out.append(
                mail(
                    "a\(i)-\(contact)", "th\(i)-\(contact)", from: contact, to: "me@ours.com", at: reply.iso8601,
                    theirText, channel: channel))
        }
        return out
    }
}
