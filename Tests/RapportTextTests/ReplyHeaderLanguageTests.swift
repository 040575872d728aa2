import RapportText
import Testing

/// Reply headers in the languages and clients the cleaner missed before (a probe of 118 headers in three shapes,
/// modelled on what Gmail, Apple Mail, Thunderbird and Outlook write, as listed by the public reply-parser test
/// suites): each header must be cut from the own words, with the quoted length exact.
///
/// Shapes: `q` the header over a `>` quote; `p` over the earlier text without `>` (Outlook, or HTML turned into
/// text); `e` the header as the last line (its HTML quote removed). A shape left out is not cut in it (see
/// docs/mail.md, "Own words": verb-less attributions need a quote or the end of the text).
@Suite struct ReplyHeaderLanguageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var header: String
        var q: Int?
        var p: Int?
        var e: Int?
        init(_ name: String, _ header: String, q: Int? = nil, p: Int? = nil, e: Int? = nil) {
            self.name = name
            self.header = header
            self.q = q
            self.p = p
            self.e = e
        }
        var testDescription: String { name }
    }

    static let own = "Thanks, I will look at it today."

    static func body(_ header: String, _ shape: Character) -> String {
        switch shape {
        case "q": own + "\n\n" + header + "\n> The plan is ready for review.\n> Please check the numbers.\n"
        case "p": own + "\n\n" + header + "\nThe plan is ready for review.\nPlease check the numbers.\n"
        default: own + "\n\n" + header + "\n"
        }
    }

    static let cases: [Case] = [
        Case("ar_gmail", "في الثلاثاء، 12 مارس 2019 في 10:22 ص، كتب Anna Berg <anna@x.eg>:", q: 124, p: 120, e: 64),
        Case(
            "ar_outlook",
            "من: Anna Berg <anna@x.eg>\nتم الإرسال: الثلاثاء، 12 مارس، 2019 10:22 ص\nإلى: Tom <tom@x.eg>\nالموضوع: RE: plan",
            q: 167, p: 163),
        Case("bg_gmail", "вт, 12.03.2019 г. в 10:22 Anna Berg <anna@x.bg> написа:", q: 115, p: 111, e: 55),
        Case(
            "bg_outlook",
            "От: Anna Berg <anna@x.bg>\nИзпратено: 12 март 2019 г. 10:22\nДо: Tom <tom@x.bg>\nОтносно: RE: plan",
            q: 155, p: 151),
        Case("ca_gmail", "Missatge de Anna Berg <anna@x.cat> del dia dt., 12 de març 2019 a les 10:22:", q: 136, e: 76),
        Case(
            "ca_outlook",
            "De: Anna Berg <anna@x.cat>\nEnviat el: dimarts, 12 de març de 2019 10:22\nPer a: Tom <tom@x.cat>\nTema: RE: plan",
            q: 169, p: 165),
        Case("cs_apple", "12. 3. 2019 v 10:22, Anna Berg <anna@x.cz>:", q: 103, e: 43),
        Case(
            "et_gmail", "Kontakti Anna Berg <anna@x.ee> kirjutas kuupäeval T, 12. märts 2019 kell 10:22:", q: 139,
            p: 135, e: 79),
        Case(
            "et_outlook",
            "Saatja: Anna Berg <anna@x.ee>\nSaatmisaeg: teisipäev, 12. märts 2019 10:22\nAdressaat: Tom <tom@x.ee>\nTeema: RE: plan",
            q: 175, p: 171),
        Case(
            "fa_gmail", "\u{202b}Anna Berg <anna@x.ir>\u{202c} در تاریخ سه\u{200c}شنبه ۱۲ مارس ۲۰۱۹ ساعت ۱۰:۲۲ نوشت:",
            q: 130, p: 126, e: 70),
        Case("fi_apple", "Anna Berg <anna@x.fi> kirjoitti 12.3.2019 kello 10.22:", q: 114, p: 110, e: 54),
        Case("fi_tb", "Anna Berg kirjoitti 12.3.2019 klo 10.22:", q: 100, p: 96, e: 40),
        Case(
            "he_gmail",
            "\u{200f}בתאריך יום ג׳, 12 במרץ 2019 ב-10:22 מאת \u{200f}Anna Berg\u{200f} <\u{200f}anna@x.il\u{200f}>:\u{200f}",
            q: 128, e: 68),
        Case(
            "he_outlook",
            "מאת: Anna Berg <anna@x.il>\nנשלח: יום שלישי 12 מרץ 2019 10:22\nאל: Tom <tom@x.il>\nנושא: RE: plan", q: 154,
            p: 150),
        Case("hi_gmail", "मंगल, 12 मार्च 2019 को 10:22 am पर Anna Berg <anna@x.in> ने लिखा:", q: 125, p: 121, e: 65),
        Case("hr_gmail", "uto, 12. ožu 2019. u 10:22 Anna Berg <anna@x.hr> napisao je:", q: 120, p: 116, e: 60),
        Case("hu_gmail", "Anna Berg <anna@x.hu> ezt írta (időpont: 2019. márc. 12., K, 10:22):", q: 128, p: 124, e: 68),
        Case("ja_gmail", "2019年3月12日(火) 10:22 Anna Berg <anna@x.jp>:", q: 102, p: 98, e: 42),
        Case("ja_msg", "2019年3月12日(火) 10:22 Anna Berg <anna@x.jp> のメッセージ:", q: 109, p: 105, e: 49),
        Case("ko_long", "2019년 3월 12일 (화) 오전 10:22, Anna Berg <anna@x.kr>님이 작성하였습니다:", q: 119, p: 115, e: 59),
        Case("lt_gmail", "2019-03-12, an, 10:22 Anna Berg <anna@x.lt> rašė:", q: 109, p: 105, e: 49),
        Case(
            "lt_outlook",
            "Nuo: Anna Berg <anna@x.lt>\nIšsiųsta: 2019 m. kovo 12 d. 10:22\nKam: Tom <tom@x.lt>\nTema: RE: plan",
            q: 156, p: 152),
        Case(
            "lv_gmail", "otrd., 2019. g. 12. marts, plkst. 10:22 — lietotājs Anna Berg (<anna@x.lv>) rakstīja:", q: 145,
            p: 141, e: 85),
        Case(
            "lv_outlook",
            "No: Anna Berg <anna@x.lv>\nNosūtīts: otrdiena, 2019. gada 12. martā 10:22\nKam: Tom <tom@x.lv>\nTēma: RE: plan",
            q: 167, p: 163),
        Case("no_gmail", "tir. 12. mar. 2019 kl. 10:22 skrev Anna Berg <anna@x.no>:", q: 117, p: 113, e: 57),
        Case(
            "pl_apple", "Wiadomość napisana przez Anna Berg <anna@x.pl> w dniu 12.03.2019, o godz. 10:22:", q: 140,
            p: 136, e: 80),
        Case("ro_gmail", "Anna Berg <anna@x.ro> a scris pe mar., 12 mar. 2019 la 10:22:", q: 121, p: 117, e: 61),
        Case("ru_gmail", "вт, 12 мар. 2019 г. в 10:22, Анна Берг <anna@x.ru>:", q: 111, e: 51),
        Case("sk_gmail", "ut 12. 3. 2019 o 10:22 Anna Berg <anna@x.sk> napísal(a):", q: 116, p: 112, e: 56),
        Case("sl_gmail", "V tor., 12. mar. 2019 ob 10:22 je Anna Berg <anna@x.si> napisal(a):", q: 127, p: 123, e: 67),
        Case(
            "sl_outlook",
            "Od: Anna Berg <anna@x.si>\nPoslano: torek, 12. marec 2019 10:22\nZa: Tom <tom@x.si>\nZadeva: RE: plan",
            q: 158, p: 154),
        Case("sr_gmail", "уто, 12. мар 2019. у 10:22 Anna Berg <anna@x.rs> је написао/ла:", q: 123, p: 119, e: 63),
        Case("sv_apple", "12 mars 2019 kl. 10:22 skrev Anna Berg <anna@x.se>:", q: 111, p: 107, e: 51),
        Case("sv_apple2", "12 mars 2019 kl. 10:22 skrev Anna Berg <anna@x.se>:", q: 111, p: 107, e: 51),
        Case("th_gmail", "เมื่อ อ. 12 มี.ค. 2019 เวลา 10:22 Anna Berg <anna@x.th> เขียนว่า:", q: 125, p: 121, e: 65),
        Case(
            "th_outlook", "จาก: Anna Berg <anna@x.th>\nส่ง: 12 มีนาคม 2562 10:22\nถึง: Tom <tom@x.th>\nเรื่อง: RE: plan",
            q: 149, p: 145),
        Case(
            "tr_apple", "12 Mar 2019 tarihinde 10:22 saatinde, Anna Berg <anna@x.tr> şunları yazdı:", q: 134, p: 130,
            e: 74),
        Case("tr_gmail", "Anna Berg <anna@x.tr>, 12 Mar 2019 Sal, 10:22 tarihinde şunu yazdı:", q: 127, p: 123, e: 67),
        Case(
            "vi_outlook",
            "Từ: Anna Berg <anna@x.vn>\nĐã gửi: Thứ Ba, 12 tháng 3 2019 10:22\nĐến: Tom <tom@x.vn>\nChủ đề: RE: plan",
            q: 160, p: 156),
        Case("zh_tw_apple", "Anna Berg <anna@x.tw> 於 2019年3月12日 上午10:22 寫道：", q: 106, p: 102, e: 46),
        Case("zh_tw_gmail", "Anna Berg <anna@x.tw> 於 2019年3月12日 週二 上午10:22寫道：", q: 108, p: 104, e: 48),
        Case(
            "fr_outlook_nnbsp",
            "De\u{202F}: Anna Berg <anna@x.fr>\nEnvoyé\u{202F}: mardi 12 mars 2019 10:22\nÀ\u{202F}: Tom <tom@x.fr>\nObjet\u{202F}: RE: plan",
            q: 156, p: 152),
        Case(
            "fr_outlook_bold",
            "*De\u{A0}:* Anna Berg <anna@x.fr>\n*Envoyé\u{A0}:* mardi 12 mars 2019 10:22\n*À\u{A0}:* Tom <tom@x.fr>\n*Objet\u{A0}:* RE: plan",
            q: 164, p: 160),
    ]

    @Test(arguments: cases)
    func headerIsCut(_ c: Case) {
        for (shape, quoted) in [("q", c.q), ("p", c.p), ("e", c.e)] {
            guard let quoted else { continue }
            let cleaned = TextCleaner.clean(Self.body(c.header, Character(shape)))
            #expect(cleaned.text == Self.own, "\(c.name) \(shape)")
            #expect(cleaned.quotedChars == quoted, "\(c.name) \(shape)")
        }
    }

    /// Prose that looks like these headers stays: a Finnish sentence with "kirjoitti" and one number, an
    /// English "said:" with an address and a time over unquoted text, a Latvian-looking `No:` line.
    @Test(arguments: [
        "Here are the notes from today.\n\nAnna kirjoitti 3 riviä:\nyksi, kaksi ja kolme.",
        "Here are the notes from today.\n\nAt the 10:30 call, dana@client.example said:\nwe ship it on Friday.",
        "Here are the notes from today.\n\nNo: not this week.\nA: maybe the next one.",
    ])
    func proseStays(_ text: String) {
        let cleaned = TextCleaner.clean(text)
        #expect(cleaned.text == text)
        #expect(cleaned.quotedChars == 0)
    }
}
