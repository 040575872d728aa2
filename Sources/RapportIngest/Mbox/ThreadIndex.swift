/// Whole-mailbox threading over a compact index (64-bit id hashes only, never message text).
///
/// Built in a first, header-only pass: every Message-ID, reference and In-Reply-To becomes a node; a
/// message's references, parent and own id are united (JWZ containers reduced to their connected
/// components, so reference cycles cannot loop). A reply with no references at all whose subject has
/// a reply prefix (Re:/Fwd:/AW:/SV:/…) joins the latest earlier message with the same base subject
/// *and* a shared participant (looking past later same-subject mail of other people); when no earlier
/// one shares a participant, the first later one that does (saved messages are read in file-name
/// order, where `Re plan.eml` comes before `plan.eml`). Messages without a prefix are never merged by
/// subject. The component's
/// representative is its earliest-created node (usually the thread's root Message-ID); the thread key
/// is `thread-` + the 16-hex-digit hash of that id, the same for every member. Gmail's
/// `X-GM-THRID`, when present, gives the key `gmail:<thrid>`.
///
/// Outlook and Exchange mail often carries only `Thread-Index` (base64: a 22-byte conversation header,
/// then 5 bytes per reply). A message without References and In-Reply-To that has one joins the
/// conversation of its first 22 bytes, and its parent is the message whose Thread-Index is its own
/// minus the last 5 bytes, when that message is in the input (resolved at ``freeze()``, so the parent
/// may come later in the file). References and In-Reply-To, where present, take precedence.
///
/// `@unchecked Sendable`: it is built on one thread; after ``freeze()`` it is only read, and then
/// ``threadKey(_:index:)`` and ``parentCloseCycle(_:index:)`` may run on several threads at once.
final class ThreadIndex: @unchecked Sendable {
    private var nodes: [UInt64: Int32] = [:]
    private var up: [Int32] = []
    private var hashes: [UInt64] = []
    /// Base-subject hash → the latest messages with it (at most ``subjectEntries``), oldest first.
    private var subjects: [UInt64: [SubjectEntry]] = [:]
    /// Reference-less replies that no earlier message of their subject matched: resolved at ``freeze()``.
    private var subjectReplies: [(key: UInt64, entry: SubjectEntry)] = []
    private static let subjectEntries = 16

    private struct SubjectEntry {
        var node: Int32
        var order: Int
        var participants: [UInt64]

        func shares(_ other: [UInt64]) -> Bool { participants.contains { other.contains($0) } }
    }
    private var parentOf: [UInt64: UInt64] = [:]
    /// Thread-Index (hash of the decoded bytes) → Message-ID of the first message carrying it.
    private var threadIndexOwners: [UInt64: String] = [:]
    /// Messages waiting for their Thread-Index parent: own key, own node, hash of the parent's Thread-Index.
    private var threadIndexChildren: [(own: UInt64, node: Int32, parent: UInt64)] = []
    /// Own key → the parent's Message-ID found through Thread-Index.
    private var threadIndexParents: [UInt64: String] = [:]
    /// Names the input this index covers: a message without a Message-ID is keyed by its position
    /// *within this input*, so id-less messages of different inputs (each `.eml` file is read on its
    /// own) must never share a key — or a thread.
    private let scope: String

    /// An index for one input (a file or folder path).
    init(scope: String) {
        self.scope = scope
    }

    private func node(_ h: UInt64) -> Int32 {
        if let n = nodes[h] { return n }
        let n = Int32(up.count)
        up.append(n)
        hashes.append(h)
        nodes[h] = n
        return n
    }

    private func find(_ x: Int32) -> Int32 {
        var r = x
        while up[Int(r)] != r { r = up[Int(r)] }
        var c = x
        while up[Int(c)] != r {
            let next = up[Int(c)]
            up[Int(c)] = r
            c = next
        }
        return r
    }

    private func union(_ a: Int32, _ b: Int32) {
        let ra = find(a)
        let rb = find(b)
        if ra == rb { return }
        if ra < rb { up[Int(rb)] = ra } else { up[Int(ra)] = rb }
    }

    func ownKey(_ links: ThreadLinks, index: Int) -> UInt64 {
        if let id = links.messageID { return FNV.hash(id) }
        return FNV.hash("#\(index)#" + scope)
    }

    /// Pass 1: records one message.
    func add(_ links: ThreadLinks, index: Int) {
        var prev: Int32?
        for r in links.references {
            let n = node(FNV.hash(r))
            if let p = prev { union(p, n) }
            prev = n
        }
        if let irt = links.inReplyTo {
            let n = node(FNV.hash(irt))
            if let p = prev { union(p, n) }
            prev = n
        }
        let ownHash = ownKey(links, index: index)
        let own = node(ownHash)
        if let p = prev { union(p, own) }
        if let parent = links.parent { parentOf[ownHash] = FNV.hash(parent) }
        if let ti = links.threadIndex {
            if let id = links.messageID {
                let key = FNV.hash("thread-index:", bytes: ti)
                if threadIndexOwners[key] == nil { threadIndexOwners[key] = id }
            }
            if links.references.isEmpty && links.inReplyTo == nil {
                union(own, node(FNV.hash("conversation:", bytes: ti.prefix(22))))
                if ti.count > 22 {
                    threadIndexChildren.append((ownHash, own, FNV.hash("thread-index:", bytes: ti.dropLast(5))))
                }
            }
        }
        if !links.baseSubject.isEmpty {
            let key = FNV.hash(links.baseSubject)
            let entry = SubjectEntry(
                node: own, order: index, participants: links.participants.prefix(20).map { FNV.hash($0) })
            var list = subjects[key] ?? []
            if links.references.isEmpty && links.inReplyTo == nil && links.replyPrefixed {
                if let earlier = list.last(where: { $0.shares(entry.participants) }) {
                    union(earlier.node, own)
                } else {
                    subjectReplies.append((key, entry))
                }
            }
            if list.count == Self.subjectEntries { list.removeFirst() }
            list.append(entry)
            subjects[key] = list
        }
    }

    /// Ends pass 1: points every node straight at its component's representative, so that ``find(_:)``
    /// (and with it every pass-2 query) no longer writes.
    func freeze() {
        for child in threadIndexChildren {
            guard let parentID = threadIndexOwners[child.parent] else { continue }
            let parentHash = FNV.hash(parentID)
            if parentHash == child.own { continue }
            union(child.node, node(parentHash))
            parentOf[child.own] = parentHash
            threadIndexParents[child.own] = parentID
        }
        threadIndexChildren = []
        for reply in subjectReplies {
            let later = subjects[reply.key]?.first {
                $0.order > reply.entry.order && $0.shares(reply.entry.participants)
            }
            if let later { union(later.node, reply.entry.node) }
        }
        subjectReplies = []
        subjects = [:]
        for i in up.indices { up[i] = find(Int32(i)) }
        cycleCuts = Self.cycleCuts(parentOf)
    }

    /// The messages whose parent link is dropped to break a cycle of parent links: on each cycle of at
    /// most 256 messages, the member with the smallest hash. One walk over the parent links (each
    /// message has at most one parent), instead of a walk of up to 256 links per message in pass 2.
    private var cycleCuts: Set<UInt64> = []

    static func cycleCuts(_ parentOf: [UInt64: UInt64]) -> Set<UInt64> {
        var cuts: Set<UInt64> = []
        // 0: not seen; w > 0: on the path of walk w (or finished by it).
        var walkOf: [UInt64: Int] = [:]
        walkOf.reserveCapacity(parentOf.count)
        var path: [UInt64] = []
        var walk = 0
        for start in parentOf.keys where walkOf[start] == nil {
            walk += 1
            path.removeAll(keepingCapacity: true)
            var cur = start
            while true {
                if let w = walkOf[cur] {
                    // Back on this walk's path: the path from `cur` on is a cycle.
                    if w == walk, let at = path.lastIndex(of: cur), path.count - at <= 256 {
                        cuts.insert(path[at...].min()!)
                    }
                    break
                }
                walkOf[cur] = walk
                path.append(cur)
                guard let p = parentOf[cur] else { break }
                cur = p
            }
        }
        return cuts
    }

    /// Pass 2: the thread key of a message.
    func threadKey(_ links: ThreadLinks, index: Int) -> String {
        if let gm = links.gmThread { return "gmail:" + gm }
        let ownHash = ownKey(links, index: index)
        guard let n = nodes[ownHash] else { return links.messageID ?? "" }
        let rootHash = hashes[Int(find(n))]
        var h = FNV()
        h.value = rootHash
        return "thread-" + h.hex
    }

    /// Pass 2: the parent found through Thread-Index (see the type's documentation), for a message
    /// without References and In-Reply-To.
    func threadIndexParent(_ links: ThreadLinks, index: Int) -> String? {
        guard links.threadIndex != nil, links.references.isEmpty, links.inReplyTo == nil else { return nil }
        return threadIndexParents[ownKey(links, index: index)]
    }

    /// Whether following parents from this message comes back to it; the cycle is broken at its
    /// member with the smallest hash (that message gets no parent).
    func parentCloseCycle(_ links: ThreadLinks, index: Int) -> Bool {
        cycleCuts.contains(ownKey(links, index: index))
    }
}
