import Foundation
import RapportText

/// Pages saved as a single file ("Save page as… → Webpage, Single File", `.mhtml` / `.mht`): a MIME
/// message (`multipart/related`) whose first `text/html` part is the page, usually quoted-printable,
/// followed by its images and style sheets. Chromium writes `From: <Saved by Blink>` and
/// `Snapshot-Content-Location:` headers; Internet Explorer / Word write `MIME-Version` and
/// `Content-Type: multipart/related` (often with `type="text/html"`). The page part is decoded (transfer
/// encoding, then its charset to UTF-8) and read like a saved `.html`; later `text/html` parts are kept
/// as the page's frames (``TicketProfile/EntryFields/bodyFrame``); images and styles are not read.
enum TicketMHTML {
    /// What came out of an MHTML file.
    enum Extracted {
        /// The page's bytes and the charset its part declared (`nil`: none declared); `frames`: the other
        /// `text/html` parts (the page's frames, which Chromium saves as parts its `iframe`s point to with
        /// `cid:`), by `cid:<Content-ID>` and by `Content-Location`.
        case page([UInt8], charset: String?, frames: [String: Frame] = [:])
        /// No `text/html` part was found (why, for the skip's problem line).
        case noPage(String)
    }

    /// A frame saved as a part: its decoded bytes and declared charset.
    struct Frame: Sendable {
        var bytes: [UInt8]
        var charset: String?
    }

    /// Most frames kept from one file (each is a page of its own; a file with more is read with the first).
    static let maxFrames = 256

    /// True when `head` (a file's first bytes) is the header block of an MHTML file: a `multipart/related`
    /// content type with Chromium's `Snapshot-Content-Location` or a `<Saved by …>` sender, or an HTML root
    /// type and no `Message-ID`, `Received` or `To` field (which mail has).
    static func looks(_ head: some Collection<UInt8>) -> Bool {
        var bytes = Array(head.prefix(4096))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // A header block starts with a field name: a file whose first visible byte is `<` is markup (every
        // HTML page; this spares the 4 KB scan below for each page of a folder).
        if let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }), first == 0x3C {
            return false
        }
        // Only the header block counts: up to the first empty line.
        var end = bytes.count
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A
                && (bytes[i + 1] == 0x0A || (bytes[i + 1] == 0x0D && i + 2 < bytes.count && bytes[i + 2] == 0x0A))
            {
                end = i
                break
            }
            i += 1
        }
        let lower = [0x0A] + bytes[..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        func has(_ s: String) -> Bool {
            let n = Array(s.utf8)
            guard lower.count >= n.count else { return false }
            var k = 0
            while k + n.count <= lower.count {
                if lower[k] == n[0] && lower[k..<(k + n.count)].elementsEqual(n) { return true }
                k += 1
            }
            return false
        }
        guard has("multipart/related") else { return false }
        if has("\nsnapshot-content-location:") || has("<saved by ") { return true }
        // Internet Explorer / Word: an HTML root type, and none of the fields every mail has (an HTML mail
        // with inline images is multipart/related too).
        return has("text/html") && !has("\nmessage-id:") && !has("\nreceived:") && !has("\nto:")
    }

    /// The first `text/html` part of an MHTML file (walking nested multiparts), decoded from its transfer
    /// encoding; its charset is left to the caller (``TicketCharset``).
    static func extract(_ bytes: [UInt8], limits: IngestLimits = IngestLimits()) -> Extracted {
        bytes.withUnsafeBufferPointer { buf -> Extracted in
            guard let (headers, start, _) = MailHeaders.parse(buf, limit: limits.maxHeaderBytes) else {
                return .noPage("the MHTML header block could not be read")
            }
            var page: Frame?
            var frames: [String: Frame] = [:]
            var parts = 0
            func walk(_ headers: MailHeaders, _ body: UnsafeBufferPointer<UInt8>, depth: Int) {
                guard depth <= limits.maxMIMEDepth else { return }
                parts += 1
                guard parts <= limits.maxMIMEParts else { return }
                let ct = headers.first("content-type").map { HeaderDecoder.parameters($0) }
                let type = ct?.value.lowercased() ?? "text/plain"
                if type == "text/html" {
                    // The first HTML part is the page; the later ones are its frames, kept by the names an
                    // `iframe` may use for them. Their bytes are decoded only when they are kept.
                    if page == nil {
                        page = Frame(bytes: MIMEWalker.decoded(headers, body), charset: ct?.params["charset"])
                        return
                    }
                    var names: [String] = []
                    if let id = headers.first("content-id") {
                        let bare = String(decoding: id, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                        names.append(
                            "cid:"
                                + (bare.hasPrefix("<") && bare.hasSuffix(">")
                                    ? String(bare.dropFirst().dropLast()) : bare))
                    }
                    if let location = headers.first("content-location") {
                        names.append(String(decoding: location, as: UTF8.self).trimmingCharacters(in: .whitespaces))
                    }
                    guard !names.isEmpty, frames.count < maxFrames else { return }
                    let frame = Frame(bytes: MIMEWalker.decoded(headers, body), charset: ct?.params["charset"])
                    for name in names where frames[name] == nil { frames[name] = frame }
                    return
                }
                guard type.hasPrefix("multipart/"), let boundary = ct?.params["boundary"], !boundary.isEmpty
                else { return }
                for range in MIMEWalker.split(body, boundary: Array(boundary.utf8)) {
                    let part = UnsafeBufferPointer(rebasing: body[range])
                    guard let (h, s, _) = MailHeaders.parse(part, limit: limits.maxHeaderBytes) else { continue }
                    walk(h, UnsafeBufferPointer(rebasing: part[s...]), depth: depth + 1)
                }
            }
            walk(headers, UnsafeBufferPointer(rebasing: buf[start...]), depth: 0)
            guard let page else {
                return .noPage("no text/html part in the MHTML file (\(parts) part\(parts == 1 ? "" : "s") read)")
            }
            return .page(page.bytes, charset: page.charset, frames: frames)
        }
    }
}
