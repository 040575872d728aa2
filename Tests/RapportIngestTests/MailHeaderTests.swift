import RapportCore
import Testing

@testable import RapportIngest

@Suite struct MailHeaderTests {
    static func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test(arguments: [
        ("=?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_plans?=", "Café plans"),
        ("=?utf-8?B?w6k?=   =?utf-8?B?w6k=?=", "éé"),  // whitespace between words dropped; missing padding
        ("Re: =?ISO-8859-1?Q?J=F6rg?= and friends", "Re: Jörg and friends"),
        ("=?x-unknown-charset?Q?abc?=", "abc"),
        ("=?utf-8*en?Q?hello_world?=", "hello world"),  // RFC 2231 language suffix
        ("=?UTF-8?B?5pel5pys?= =?UTF-8?B?6Kqe?=", "日本語"),
        ("=?utf-8?B?4pyT?=word", "✓word"),
        ("plain  folded\r\n text", "plain folded text"),
        ("=?broken", "=?broken"),
        ("=?iso-2022-jp?B?GyRCJEskWyRzGyhC?=", "にほん"),
    ])
    func encodedWords(_ input: String, _ expected: String) {
        #expect(HeaderDecoder.decodeText(Self.b(input)) == expected)
    }

    /// The byte search answers in the collection's own indices: a slice's are its base's.
    @Test func byteSearchInArraysSlicesAndBuffers() {
        let bytes = Array("ab and commented: ok and commented: yes".utf8)
        let needle = Array(" and commented: ".utf8)
        #expect(HeaderDecoder.find(bytes, needle) == 2)
        #expect(HeaderDecoder.find(bytes[3...], needle) == 20)
        #expect(HeaderDecoder.find(bytes[3..<20], needle) == nil)
        #expect(bytes.withUnsafeBufferPointer { HeaderDecoder.find($0, Array("yes".utf8)) } == 36)
        #expect(HeaderDecoder.find(bytes, []) == nil)
    }

    @Test func rawEightBitHeaders() {
        #expect(HeaderDecoder.decodeText(Self.b("Grüße")) == "Grüße")  // raw UTF-8
        #expect(HeaderDecoder.decodeText([0x47, 0x72, 0xFC, 0xDF, 0x65]) == "Grüße")  // raw latin-1
    }

    @Test func rfc2231Parameters() {
        let v = Self.b("attachment;\r\n filename*0*=UTF-8''Vertr%C3%A4ge;\r\n filename*1=\".pdf\"; size=12")
        let p = HeaderDecoder.parameters(v)
        #expect(p.value == "attachment")
        #expect(p.params == ["filename": "Verträge.pdf", "size": "12"])
        let ct = HeaderDecoder.parameters(Self.b("Text/HTML; charset=\"ISO-8859-1\" (comment); format=flowed"))
        #expect(ct.value == "text/html")
        #expect(ct.params["charset"] == "ISO-8859-1")
        #expect(ct.params["format"] == "flowed")
        #expect(
            HeaderDecoder.parameters(Self.b("text/plain; title*=us-ascii'en'This%20is")).params["title"] == "This is")
    }

    @Test func addressLists() {
        let list = HeaderDecoder.addresses(
            Self.b(
                "\"Doe, Jane\" <JANE@x.org>, bob@y.org (Bob Y), Team: a@z.org, <b@z.org>;, undisclosed-recipients:;, "
                    + "=?utf-8?Q?Ren=C3=A9?= <rene@q.fr>, \"Esc \\\"Q\\\"\" <e@q.fr>, <@route.a:user@host.b>"))
        #expect(
            list.map(\.address) == [
                "JANE@x.org", "bob@y.org", "a@z.org", "b@z.org", "rene@q.fr", "e@q.fr", "user@host.b",
            ])
        #expect(list.map(\.name) == ["Doe, Jane", "Bob Y", "", "", "René", "Esc \"Q\"", ""])
    }

    /// Before: Outlook's apostrophe-quoted names reached the report as `'Ann Other'`.
    @Test func outlookApostropheQuotedNames() {
        let list = HeaderDecoder.addresses(
            Self.b(
                "\"'Ann Other'\" <ann@zeta.example>, 'Bo' <bo@zeta.example>, \"'cy@zeta.example'\" <cy@zeta.example>, "
                    + "\"O'Brien, Zoe\" <zoe@acme.example>, \"'Tis' the season'\" <t@x.example>"))
        #expect(list.map(\.name) == ["Ann Other", "Bo", "", "O'Brien, Zoe", "'Tis' the season'"])
    }

    @Test func messageIDs() {
        #expect(HeaderDecoder.messageIDs(Self.b("<a@b.c>")) == ["a@b.c"])
        #expect(HeaderDecoder.messageIDs(Self.b("<yes>")) == [])
        #expect(HeaderDecoder.messageIDs(Self.b("a@b.c")) == ["a@b.c"])
        #expect(HeaderDecoder.messageIDs(Self.b("<1@x> <2@x>\r\n\t<3@x>")) == ["1@x", "2@x", "3@x"])
        #expect(HeaderDecoder.messageIDs(Self.b("Your message of Mon <q@r.s>")) == ["q@r.s"])
        #expect(HeaderDecoder.messageIDs(Self.b("<bad id@x>")) == [])
    }

    @Test func headerBlockFoldingAndLimits() throws {
        let raw = Self.b("Subject: one\r\n two\r\nX-Empty:\r\nFrom : a@b\r\n\r\nbody")
        let (h, body, tooLarge) = try #require(raw.withUnsafeBufferPointer { MailHeaders.parse($0, limit: 1000) })
        #expect(h.text("subject") == "one two")
        #expect(h.first("x-empty") == [])
        #expect(h.text("from") == "a@b")
        #expect(body == raw.count - 4 && !tooLarge)
        let big = Self.b("X: " + String(repeating: "a", count: 200) + "\n\nbody")
        let r = try #require(big.withUnsafeBufferPointer { MailHeaders.parse($0, limit: 100) })
        #expect(r.tooLarge)
        #expect(Self.b("not a header\n\n").withUnsafeBufferPointer { MailHeaders.parse($0, limit: 100) } == nil)
    }

    @Test func transferEncodings() {
        #expect(Transfer.base64(Self.b("SGVsbG8gd29ybGQ")) == Self.b("Hello world"))
        #expect(Transfer.base64(Self.b("SGVs\r\nbG8=\n")) == Self.b("Hello"))
        #expect(Transfer.base64(Self.b("S!G*V@s")) == Self.b("Hel"))
        #expect(Transfer.quotedPrintable(Self.b("a=3Db=\r\nc=\nd =XY=e9")) == Self.b("a=bcd =XY") + [0xE9])
        #expect(Transfer.quotedPrintable(Self.b("soft=  \nbreak=")) == Self.b("softbreak"))
        #expect(Transfer.quotedPrintable(Self.b("a_b"), header: true) == Self.b("a b"))
    }

    @Test(arguments: [
        ("Re: Re: [list] Fwd: Hello  world", "hello world", true),
        ("AW: SV: Antwort", "antwort", true),
        ("RE[2]: Budget", "budget", true),
        ("Hello", "hello", false),
        ("Reunion", "reunion", false),
    ])
    func subjectNormalization(_ s: String, _ base: String, _ prefixed: Bool) {
        let (b, p) = ThreadLinks.normalizeSubject(s)
        #expect(b == base && p == prefixed)
    }

    /// RFC 3676: soft breaks join lines of the same quote depth only (Thunderbird's bottom-post reply
    /// "> Hi " + "Hello" stays two lines), stuffing spaces go, `-- ` stays a hard line.
    @Test(arguments: [
        ("On Mon, Megan wrote:\n> Hi \nHello", false, "On Mon, Megan wrote:\n> Hi \nHello"),
        ("one two \nthree\n", false, "one two three\n"),
        ("one two \nthree", true, "one twothree"),
        ("> a quoted \n> line\nreply \nhere\n", false, "> a quoted line\nreply here\n"),
        (">> deep \n> shallow\n", false, ">> deep \n> shallow\n"),
        (" From the stuffed line\n", false, "From the stuffed line\n"),
        ("Thanks \n-- \nSam\n", false, "Thanks \n-- \nSam\n"),
        ("last soft \n", false, "last soft \n"),
    ])
    func formatFlowed(_ input: String, _ delsp: Bool, _ expected: String) {
        #expect(String(decoding: MIMEWalker.unflow(Self.b(input), delsp: delsp), as: UTF8.self) == expected)
    }
}
