import RapportText
import Testing

@Suite struct ICUTests {
    @Test func wordBreakBytesOffsets() throws {
        let seg = try Segmenter(.word)
        let text = "Don’t stop, café 42!"
        let words = seg.segments(text, wordsOnly: true).map {
            String(decoding: Array(text.utf8)[$0.range], as: UTF8.self)
        }
        #expect(words == ["Don’t", "stop", "café", "42"])
    }

    @Test func cjkAndThai() throws {
        let seg = try Segmenter(.word)
        let ja = "私は東京に住んでいます"
        let jaWords = seg.segments(ja, wordsOnly: true).map {
            String(decoding: Array(ja.utf8)[$0.range], as: UTF8.self)
        }
        #expect(jaWords.count > 3)
        #expect(jaWords.joined() == ja)
        let th = "ผมรักภาษาไทย"
        let thWords = seg.segments(th, wordsOnly: true).map {
            String(decoding: Array(th.utf8)[$0.range], as: UTF8.self)
        }
        #expect(thWords.count >= 3)
        #expect(thWords.joined() == th)
    }

    @Test func sentences() throws {
        let seg = try Segmenter(.sentence)
        let text = "Hi Sam! Thanks for the update. Any news?"
        #expect(seg.segments(text).count == 3)
    }

    @Test func normalization() {
        #expect(Normalizer.normalize("ﬁne", .nfkc) == "fine")
        #expect(Normalizer.normalize("Straße", .nfkcCaseFold) == "strasse")
        #expect(Normalizer.caseFold("ÉCOLE") == "école")
        #expect(Normalizer.normalize("e\u{301}", .nfc) == "é")
    }

    @Test func charsets() {
        #expect(Charset.decode([0x63, 0x61, 0x66, 0xE9], charset: "iso-8859-1") == "café")
        #expect(Charset.decode([0x80], charset: "us-ascii") == "€")  // windows-1252 superset
        #expect(Charset.decode(Array("café".utf8), charset: nil) == "café")
        #expect(Charset.decode([0xC4, 0xE3, 0xBA, 0xC3], charset: "gb2312") == "你好")
        #expect(
            Charset.decode([0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], charset: "iso-2022-jp") == "日本"
        )
        #expect(Charset.isKnown("koi8-r"))
        #expect(!Charset.isKnown("x-no-such-charset"))
    }

    @Test func htmlToText() {
        let html =
            "<html><head><style>p{}</style><title>t</title></head><body><p>Hello&nbsp;<b>Sam</b> &amp; team</p><script>x()</script><ul><li>one</li><li>two</li></ul>bye<br>now</body></html>"
        #expect(HTMLText.text(fromHTML: html) == "Hello Sam & team\n\n- one\n\n- two\n\nbye\nnow")
    }
}
