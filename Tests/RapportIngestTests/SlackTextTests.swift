import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("Slack: ts, mrkdwn, emoji, JSON tape")
struct SlackTextTests {
    static let emoji: SlackEmoji = {
        let data = FileManager.default.contents(atPath: SlackFixtures.repo + "/lexicons/slack/emoji.tsv") ?? Data()
        return SlackEmoji.parse(Array(data))
    }()

    let decoder = MrkdwnDecoder(
        userNames: ["U1": "Ann Lee"], channelNames: ["C1": "general"], emoji: SlackTextTests.emoji)

    func decode(_ s: String) -> String { decoder.decode(Array(s.utf8)[...]).text }

    @Test(arguments: [
        ("1545668983.435175", 1_545_668_983, 435_175),
        ("1545668983.000001", 1_545_668_983, 1),
        ("1545668983.4", 1_545_668_983, 400_000),
        ("1545668983", 1_545_668_983, 0),
        ("1545668983.1234567", 1_545_668_983, 123_456),
    ])
    func tsIsExact(ts: String, seconds: Int64, micros: Int32) throws {
        let (s, us) = try #require(SlackConversationReader.parseTs(ts))
        #expect(s == seconds)
        #expect(us == micros)
    }

    @Test(arguments: ["", ".5", "12a.4", "1.2.3", "-5"])
    func badTsRejected(ts: String) {
        #expect(SlackConversationReader.parseTs(ts) == nil)
    }

    @Test(arguments: [
        ("a &amp; b &lt;c&gt; &quot;", "a & b <c> &quot;"),
        ("hi <@U1>", "hi @Ann Lee"),
        ("hi <@U1|ann>", "hi @Ann Lee"),
        ("hi <@U9|zed>", "hi @zed"),
        ("hi <@U9>", "hi @U9"),
        ("in <#C1> and <#C9|random>", "in #general and #random"),
        ("<!here> <!channel> <!everyone> <!here|here>", "@here @channel @everyone @here"),
        ("<!subteam^S01|@eng> <!subteam^S02>", "@eng @subteam"),
        ("<!date^1392734382^{date} at {time}|February 18th, 2014 at 6:39 AM>", "February 18th, 2014 at 6:39 AM"),
        ("<https://x.io/a?b=1&amp;c=2|the &amp; link> <https://x.io>", "the & link https://x.io"),
        ("<mailto:a@b.io|a@b.io> <mailto:c@d.io>", "a@b.io c@d.io"),
        (":thumbsup: :+1::skin-tone-3: :wave::skin-tone-6:", "👍 👍🏼 👋🏿"),
        (":heart: :not_an_emoji: 10:30:45 a:b", "❤️ :not_an_emoji: 10:30:45 a:b"),
        (":smile::smile:", "😄😄"),
        ("a < b > c", "a < b > c"),
        ("<>", "<>"),
    ])
    func mrkdwn(input: String, expected: String) {
        #expect(decode(input) == expected)
    }

    @Test func mentionsAndQuotes() {
        let d = decoder.decode(Array("&gt; quoted\n<@U1> <@U2|bo> <@U1>".utf8)[...])
        #expect(d.mentions == ["U1", "U2"])
        #expect(d.hasQuote)
        #expect(d.text == "> quoted\n@Ann Lee @bo @Ann Lee")
    }

    @Test func jsonStringsDecoded() throws {
        let json = #"[{"t": "a\"b\\c\n\u00e9\ud83d\ude00\ud800x", "n": -12.5e3, "b": true, "z": null}]"#
        let doc = try JSONDocument.parse(Array(json.utf8), maxDepth: 8).get()
        let obj = doc.elements(0)[0]
        #expect(doc.string(try #require(doc.member(obj, "t"))) == "a\"b\\c\né😀\u{FFFD}x")
        #expect(doc.int(doc.member(obj, "n")) == -12)
        #expect(doc.bool(doc.member(obj, "b")))
        #expect(doc.node(try #require(doc.member(obj, "z"))).kind == .null)
        #expect(doc.member(obj, "missing") == nil)
    }

    /// The 8-byte string scanner: quotes and backslashes at every offset of a word, and across words.
    @Test(arguments: 0..<20)
    func jsonStringScannerFindsEveryQuoteAndEscape(pad: Int) throws {
        let plain = String(repeating: "x", count: pad)
        let json = "[\"\(plain)\", \"\(plain)\\\"q\", \"\(plain)\\\\\", \"\(plain)é\"]"
        let (doc, elements, failure) = JSONDocument.parseArray(Array(json.utf8), maxDepth: 8)
        #expect(failure == nil)
        #expect(elements.map { doc.string($0) } == [plain, plain + "\"q", plain + "\\", plain + "é"])
        #expect(elements.map { doc.node($0).flag } == [false, true, true, false])
        let (_, _, unterminated) = JSONDocument.parseArray(Array("[\"\(plain)".utf8), maxDepth: 8)
        #expect(unterminated?.message == "unterminated string")
        #expect(unterminated?.offset == pad + 2)
    }

    /// The 8-byte mrkdwn scanner: `&`, `<` and `:` at every offset of a word, after non-ASCII bytes.
    @Test(arguments: 0..<20)
    func mrkdwnScannerFindsEverySpecialByte(pad: Int) {
        let plain = String(repeating: "x", count: pad)
        #expect(decode(plain + "&amp;" + plain) == plain + "&" + plain)
        #expect(decode(plain + "<@U1>" + plain) == plain + "@Ann Lee" + plain)
        #expect(decode(plain + "é:wave:" + plain) == plain + "é\u{1F44B}" + plain)
        #expect(decode(plain + "a & b < c : d") == plain + "a & b < c : d")
    }

    @Test func reactionsSortedByNameThenUser() throws {
        let extractor = SlackTextExtractor(decoder: decoder)
        func reactions(_ json: String) throws -> String? {
            let doc = try JSONDocument.parse(Array(json.utf8), maxDepth: 8).get()
            return extractor.reactionsAttribute(doc, 0)
        }
        // ASCII (byte path) and escaped (string path) inputs give the same shape.
        let ascii =
            #"[{"name": "tada", "users": ["U9", "U10", "U2"]}, {"name": "+1", "users": []}, {"name": ""}, {"x": 1}]"#
        #expect(try reactions(ascii) == "+1:;tada:U10,U2,U9")
        let escaped = #"[{"name": "tada", "users": ["U9", "U10", "U2"]}, {"name": "+1", "users": [7, "U1"]}]"#
        #expect(try reactions(escaped) == "+1:U1;tada:U10,U2,U9")
        let unicode = #"[{"name": "é", "users": ["Ü", "U"]}, {"name": "e", "users": ["b", "a"]}]"#
        #expect(try reactions(unicode) == "e:a,b;é:U,Ü")
        #expect(try reactions(#"[{"x": 1}]"#) == nil)
        #expect(try reactions(#"{"name": "a"}"#) == nil)
    }

    @Test func threadIdsFromBytesAndEscapes() throws {
        let json = #"["1.5", "1.50", "1.5", "", 1.5]"#
        let (doc, e, _) = JSONDocument.parseArray(Array(json.utf8), maxDepth: 8)
        let id = "C1/1.5"
        #expect(SlackDayPreparer.thread(doc, e[0], id: id, channelID: "C1") == ("C1/1.5", false))
        #expect(SlackDayPreparer.thread(doc, e[1], id: id, channelID: "C1") == ("C1/1.50", true))
        #expect(SlackDayPreparer.thread(doc, e[2], id: id, channelID: "C1") == ("C1/1.5", false))
        #expect(SlackDayPreparer.thread(doc, e[3], id: id, channelID: "C1") == (nil, false))
        #expect(SlackDayPreparer.thread(doc, e[4], id: id, channelID: "C1") == (nil, false))
    }

    @Test(arguments: [
        (#"[{"a": 1}, {"a": [1, 2, }]"#, "$[1].a[2]"),
        // After a complete element the path names the element expected next.
        (#"[{"a": 1} {"b": 2}]"#, "$[1]"),
        (#"[1, 2"#, "$[2]"),
        (#"[{"a": {"b": [1, {"c": x}]}}]"#, "$[0].a.b[1].c"),
        (#"{"a": 1}"#, "$"),
    ])
    func syntaxErrorsCarryPaths(json: String, path: String) {
        let (_, _, failure) = JSONDocument.parseArray(Array(json.utf8), maxDepth: 8)
        #expect(failure?.path == path)
    }

    /// Lazy `blocks` / `attachments` / `files`: one node each, expanded on demand to the same tree,
    /// and malformed subtrees fail exactly as without the skip (offset, path, message).
    @Test(arguments: [
        #"[{"ts": "1.0", "blocks": [{"type": "rich_text", "elements": [true, false, null, -1.5e3, "x\"y"]}], "a": 1}]"#,
        #"[{"files": [{"id": "F1"}, {"id": "F2"}], "attachments": {"k": []}, "blocks": []}]"#,
        #"[{"blocks": [1, 2, }]"#,
        #"[{"blocks": [{"a": tru}]}]"#,
        #"[{"attachments": [{"a" 1}]}]"#,
        #"[{"files": [[[[[[[[[[1]]]]]]]]]]}]"#,
        #"[{"blocks": ["unterminated]}]"#,
        #"[{"blocks": [1] "x": 2}]"#,
        #"[{"blocks": [-]}]"#,
        #"[{"x": {"blocks": [1, 2]}}, [{"blocks": [3]}]]"#,
    ])
    func lazySubtreesMatchTheFullParse(json: String) {
        let bytes = Array(json.utf8)
        let (full, fullElements, fullFailure) = JSONDocument.parseArray(bytes, maxDepth: 8)
        let (lazy, lazyElements, lazyFailure) = JSONDocument.parseArray(bytes, maxDepth: 8, lazy: true)
        #expect(lazyFailure?.offset == fullFailure?.offset)
        #expect(lazyFailure?.path == fullFailure?.path)
        #expect(lazyFailure?.message == fullFailure?.message)
        #expect(lazyElements.count == fullElements.count)
        /// A subtree as text, expanding lazy nodes.
        func render(_ doc: JSONDocument, _ i: Int32) -> String {
            let (d, n) = doc.expanded(i)
            let node = d.node(n)
            switch node.kind {
            case .object:
                var parts: [String] = []
                d.forEachMember(n) { k, v in parts.append((d.string(k) ?? "?") + ":" + render(d, v)) }
                return "{" + parts.joined(separator: ",") + "}"
            case .array: return "[" + d.elements(n).map { render(d, $0) }.joined(separator: ",") + "]"
            case .string: return "s" + (d.string(n) ?? "?")
            default: return String(decoding: d.raw(n), as: UTF8.self)
            }
        }
        for (a, b) in zip(fullElements, lazyElements) {
            #expect(render(full, a) == render(lazy, b))
        }
    }

    @Test func lazyNodesAreRecordedOnlyForMessageMembers() throws {
        let json = #"[{"blocks": [1, 2], "x": {"blocks": [3]}}]"#
        let (doc, elements, failure) = JSONDocument.parseArray(Array(json.utf8), maxDepth: 8, lazy: true)
        #expect(failure == nil)
        let blocks = try #require(doc.member(elements[0], "blocks"))
        #expect(doc.node(blocks).flag)
        #expect(doc.elements(blocks).isEmpty)
        let (expanded, root) = doc.expanded(blocks)
        #expect(expanded.elements(root).count == 2)
        let inner = try #require(doc.member(doc.member(elements[0], "x")!, "blocks"))
        #expect(!doc.node(inner).flag)
        #expect(doc.elements(inner).count == 1)
    }

    @Test func partialArrayKeepsCompletedElements() {
        let (doc, elements, failure) = JSONDocument.parseArray(Array(#"[{"a": 1}, "x", {"b": tru"#.utf8), maxDepth: 8)
        #expect(elements.count == 2)
        #expect(doc.string(elements[1]) == "x")
        #expect(failure?.path == "$[2].b")
    }

    @Test func depthCapped() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        if case .failure(let f) = JSONDocument.parse(Array(deep.utf8), maxDepth: 64) {
            #expect(f.message.contains("deeper than 64"))
        } else {
            Issue.record("depth limit not enforced")
        }
        let ok = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect((try? JSONDocument.parse(Array(ok.utf8), maxDepth: 64).get()) != nil)
    }

    @Test(arguments: [
        ("../evil.json", "path traversal ('..')"), ("a/../../b.json", "path traversal ('..')"),
        ("/etc/passwd", "absolute path"), ("a\\b.json", "backslash in path"), ("C:/x.json", "drive letter in path"),
    ])
    func unsafeZipPaths(name: String, reason: String) {
        #expect(SlackExportSource.unsafePathReason(name) == reason)
    }

    @Test(arguments: ["users.json", "general/2020-01-01.json", "a..b/2020-01-01.json"])
    func safeZipPaths(name: String) {
        #expect(SlackExportSource.unsafePathReason(name) == nil)
    }

    @Test func emojiTableSize() {
        #expect(Self.emoji.table.count == 3609)
        #expect(Self.emoji.lookup("+1::skin-tone-3") == "👍🏼")
    }

    /// The byte-keyed index gives what the `String` table gives, for every name and for misses.
    @Test func emojiLookupByBytesMatchesTable() {
        func byBytes(_ name: String) -> String? {
            Array(name.utf8).withUnsafeBufferPointer { Self.emoji.lookup($0) }
        }
        var mismatches = 0
        for (name, value) in Self.emoji.table where byBytes(name) != value { mismatches += 1 }
        #expect(mismatches == 0)
        #expect(byBytes("smile") == "😄")
        #expect(byBytes("no-such-emoji") == nil)
        #expect(byBytes("") == nil)
        #expect(byBytes("Smile") == nil)
        // A table with a non-ASCII name looks names up through the `String` table.
        let odd = SlackEmoji(table: ["caf\u{E9}": "☕", "tea": "🍵"])
        #expect(Array("café".utf8).withUnsafeBufferPointer { odd.lookup($0) } == "☕")
        #expect(Array("tea".utf8).withUnsafeBufferPointer { odd.lookup($0) } == "🍵")
    }

    @Test(arguments: [
        (":smile: :+1::skin-tone-3: :wave::skin-tone-6:", "😄 👍🏼 👋🏿"),
        (":nope: :+1::skin-tone-9: ::", ":nope: 👍:skin-tone-9: ::"),
        ("a:qqz:c :heart:", "a:qqz:c ❤️"),
    ])
    func shortcodesDecodeByBytes(input: String, expected: String) {
        #expect(decode(input) == expected)
    }
}
