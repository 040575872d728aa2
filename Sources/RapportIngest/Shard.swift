import Foundation
public import RapportCore

/// Which part of a Slack export a map-stage shard reads.
public enum SlackPart: Sendable, Hashable {
    /// The export's metadata only (`users.json`, `channels.json`, …): counts those files and gathers the
    /// workspace's "us" evidence; emits no message.
    case metadata
    /// One conversation folder; the metadata is read as context but counted by the metadata shard.
    case conversation(String)
}

/// One unit of map-stage work: an input of the plan, or one part of a Slack export.
///
/// `order` is the input's index in the plan of the whole corpus and `part` the index within that input
/// (Slack: 0 = metadata, 1… = conversations in reading order), so a reduce that sorts shards by
/// `(order, part)` merges summaries exactly as one pass would.
public struct Shard: Sendable, Hashable, Codable {
    public var order: Int
    public var part: Int
    public var path: String
    public var format: InputFormat
    /// Slack conversation folder (a conversation shard).
    public var slackConversation: String?
    /// `true` for a Slack export's metadata shard.
    public var slackMetadata: Bool?

    public init(
        order: Int, part: Int, path: String, format: InputFormat, slackConversation: String? = nil,
        slackMetadata: Bool? = nil
    ) {
        self.order = order
        self.part = part
        self.path = path
        self.format = format
        self.slackConversation = slackConversation
        self.slackMetadata = slackMetadata
    }

    private enum CodingKeys: String, CodingKey {
        case order, part, path, format, slackConversation = "slack_conversation", slackMetadata = "slack_metadata"
    }

    /// The plan input this shard belongs to.
    public var input: Ingestor.Input { Ingestor.Input(path: path, format: format) }

    /// The Slack part to read, if any.
    public var slackPart: SlackPart? {
        if let c = slackConversation { return .conversation(c) }
        return slackMetadata == true ? .metadata : nil
    }
}

extension Ingestor {
    /// Splits a plan into shards: one per mailbox / mail file / ticket page, and for a Slack export one
    /// metadata shard plus one per conversation folder (in the reader's order).
    public func shards(of plan: [Input]) throws(RapportError) -> [Shard] {
        var result: [Shard] = []
        for (order, input) in plan.enumerated() {
            guard input.format == .slack else {
                result.append(Shard(order: order, part: 0, path: input.path, format: input.format))
                continue
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDir) else {
                throw RapportError(.missingInput, "no such file or directory", file: input.path)
            }
            let source = try SlackExportSource(path: input.path, isDirectory: isDir.boolValue, limits: options.limits)
            let emoji = try SlackEmoji.load(dataDirectory: options.dataDirectory)
            var state = SlackExportState(
                source: source, options: options, replyWindow: SlackExportReader().replyWindow, emoji: emoji)
            var scratch = IngestSummary()
            var ignored = UsEvidence()
            try state.loadMetadata(summary: &scratch, evidence: &ignored)
            result.append(Shard(order: order, part: 0, path: input.path, format: .slack, slackMetadata: true))
            for (i, c) in state.conversations.enumerated() {
                result.append(
                    Shard(order: order, part: i + 1, path: input.path, format: .slack, slackConversation: c.folder))
            }
        }
        return result
    }
}
