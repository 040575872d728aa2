/// A bounds-checked reader of Compound File Binary files (MS-CFB, "OLE2": Outlook `.msg`, old Office
/// documents): header, FAT and DIFAT, mini FAT and mini stream, directory entries. Sector sizes 512
/// (version 3) and 4096 (version 4).
///
/// Every index is checked and every sector chain is walked at most as many steps as the FAT has
/// entries, so a damaged or hostile file (a chain that loops, a sector past the end, a directory tree
/// whose siblings point back) ends in a ``CompoundFile/Failure`` with a reason, never in a crash or a
/// hang.
struct CompoundFile {
    /// Why a file could not be read (a short, English reason for the skip report).
    struct Failure: Error, Equatable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// One directory entry.
    struct Entry {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var left: UInt32
        var right: UInt32
        var child: UInt32
        var start: UInt32
        var size: UInt64
    }

    /// `D0 CF 11 E0 A1 B1 1A E1`.
    static let magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let free: UInt32 = 0xFFFF_FFFF
    private static let maxRegular: UInt32 = 0xFFFF_FFFA
    private static let noStream: UInt32 = 0xFFFF_FFFF

    let bytes: [UInt8]
    let sectorSize: Int
    let miniSectorSize: Int
    let miniCutoff: UInt64
    private(set) var fat: [UInt32] = []
    private(set) var miniFAT: [UInt32] = []
    private(set) var entries: [Entry] = []
    private var miniStream: [UInt8] = []

    /// Parses the header, FAT, directory and mini stream of `bytes`.
    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        guard bytes.count >= 512, bytes.starts(with: Self.magic) else { throw Failure("not a compound file") }
        let major = Self.u16(bytes, 0x1A)
        let shift = Int(Self.u16(bytes, 0x1E))
        guard (major == 3 && shift == 9) || (major == 4 && shift == 12) else {
            throw Failure("unsupported compound file version \(major) / sector shift \(shift)")
        }
        sectorSize = 1 << shift
        let miniShift = Int(Self.u16(bytes, 0x20))
        guard miniShift == 6 else { throw Failure("unsupported mini sector shift \(miniShift)") }
        miniSectorSize = 64
        miniCutoff = UInt64(Self.u32(bytes, 0x38))
        guard bytes.count >= sectorSize else { throw Failure("file shorter than its header sector") }
        let sectorCount = (bytes.count - sectorSize) / sectorSize + ((bytes.count % sectorSize) == 0 ? 0 : 1)

        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        let fatSectorCount = Int(Self.u32(bytes, 0x2C))
        guard fatSectorCount <= sectorCount else { throw Failure("FAT sector count \(fatSectorCount) past the file") }
        var fatSectors: [UInt32] = []
        for k in 0..<109 where fatSectors.count < fatSectorCount {
            fatSectors.append(Self.u32(bytes, 0x4C + 4 * k))
        }
        var difat = Self.u32(bytes, 0x44)
        var difatSteps = 0
        let perDIFAT = sectorSize / 4 - 1
        while fatSectors.count < fatSectorCount {
            guard difat <= Self.maxRegular, Int(difat) < sectorCount else {
                throw Failure("DIFAT chain ends before \(fatSectorCount) FAT sectors")
            }
            difatSteps += 1
            guard difatSteps <= sectorCount else { throw Failure("DIFAT chain loops") }
            let base = (Int(difat) + 1) * sectorSize
            for k in 0..<perDIFAT where fatSectors.count < fatSectorCount {
                fatSectors.append(Self.u32(bytes, base + 4 * k))
            }
            difat = Self.u32(bytes, base + 4 * perDIFAT)
        }
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectorCount * sectorSize / 4)
        for s in fatSectors {
            guard s <= Self.maxRegular, Int(s) < sectorCount else { throw Failure("FAT sector \(s) past the file") }
            let base = (Int(s) + 1) * sectorSize
            for k in 0..<(sectorSize / 4) { fat.append(Self.u32(bytes, base + 4 * k)) }
        }
        self.fat = fat

        // Directory.
        let dir = try chain(start: Self.u32(bytes, 0x30), size: nil, in: fat)
        var entries: [Entry] = []
        var at = 0
        while at + 128 <= dir.count {
            let nameLength = min(Int(Self.u16(dir, at + 0x40)), 64)
            var units: [UInt16] = []
            for k in 0..<max(0, nameLength / 2 - 1) {
                let u = Self.u16(dir, at + 2 * k)
                if u == 0 { break }
                units.append(u)
            }
            entries.append(
                Entry(
                    name: String(decoding: units, as: UTF16.self), type: dir[at + 0x42], left: Self.u32(dir, at + 0x44),
                    right: Self.u32(dir, at + 0x48), child: Self.u32(dir, at + 0x4C), start: Self.u32(dir, at + 0x74),
                    size: major == 3 ? UInt64(Self.u32(dir, at + 0x78)) : Self.u64(dir, at + 0x78)))
            at += 128
        }
        guard let root = entries.first, root.type == 5 else { throw Failure("no root directory entry") }
        self.entries = entries

        // Mini FAT and mini stream (the root entry's stream).
        let miniFATStart = Self.u32(bytes, 0x3C)
        if miniFATStart <= Self.maxRegular {
            let raw = try chain(start: miniFATStart, size: nil, in: fat)
            var m: [UInt32] = []
            m.reserveCapacity(raw.count / 4)
            var i = 0
            while i + 4 <= raw.count {
                m.append(Self.u32(raw, i))
                i += 4
            }
            miniFAT = m
        }
        if root.size > 0 && root.start <= Self.maxRegular {
            miniStream = try chain(start: root.start, size: root.size, in: fat)
        }
    }

    /// The children of storage entry `index` (root: 0), by name; siblings that repeat or point out of
    /// range are a failure.
    func children(of index: Int) throws(Failure) -> [(name: String, index: Int)] {
        guard index >= 0, index < entries.count else { throw Failure("directory entry \(index) out of range") }
        var result: [(name: String, index: Int)] = []
        var seen = Set<UInt32>()
        var stack: [UInt32] = [entries[index].child]
        while let e = stack.popLast() {
            if e == Self.noStream { continue }
            guard Int(e) < entries.count else { throw Failure("directory entry \(e) out of range") }
            guard seen.insert(e).inserted else { throw Failure("directory tree loops at entry \(e)") }
            let entry = entries[Int(e)]
            if entry.type == 1 || entry.type == 2 { result.append((entry.name, Int(e))) }
            stack.append(entry.right)
            stack.append(entry.left)
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The bytes of stream entry `index` (from the mini stream when it is smaller than the cutoff).
    func stream(_ index: Int) throws(Failure) -> [UInt8] {
        guard index >= 0, index < entries.count, entries[index].type == 2 else {
            throw Failure("directory entry \(index) is not a stream")
        }
        let e = entries[index]
        if e.size == 0 { return [] }
        guard e.size <= UInt64(bytes.count) else { throw Failure("stream '\(e.name)' larger than the file") }
        if e.size < miniCutoff { return try miniChain(start: e.start, size: Int(e.size)) }
        return try chain(start: e.start, size: e.size, in: fat)
    }

    /// Follows a regular sector chain; with `size`, reads exactly that many bytes.
    private func chain(start: UInt32, size: UInt64?, in fat: [UInt32]) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        if let size { out.reserveCapacity(Int(size)) }
        var s = start
        var steps = 0
        let want = size.map(Int.init)
        while s != Self.endOfChain {
            if let want, out.count >= want { break }
            guard s <= Self.maxRegular, Int(s) < fat.count else { throw Failure("sector \(s) out of range in a chain") }
            steps += 1
            guard steps <= fat.count else { throw Failure("sector chain loops (at sector \(s))") }
            let base = (Int(s) + 1) * sectorSize
            guard base < bytes.count else { throw Failure("sector \(s) past the end of the file") }
            let end = min(base + sectorSize, bytes.count)
            out.append(contentsOf: bytes[base..<end])
            s = fat[Int(s)]
        }
        if let want {
            guard out.count >= want else { throw Failure("stream chain shorter than its size") }
            out.removeLast(out.count - want)
        }
        return out
    }

    /// Follows a mini-FAT chain in the mini stream.
    private func miniChain(start: UInt32, size: Int) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        var s = start
        var steps = 0
        while out.count < size {
            guard s <= Self.maxRegular, Int(s) < miniFAT.count else {
                throw Failure("mini sector \(s) out of range in a chain")
            }
            steps += 1
            guard steps <= miniFAT.count else { throw Failure("mini sector chain loops (at \(s))") }
            let base = Int(s) * miniSectorSize
            let take = min(miniSectorSize, size - out.count)
            guard base + take <= miniStream.count else { throw Failure("mini sector \(s) past the mini stream") }
            let end = base + take
            out.append(contentsOf: miniStream[base..<end])
            s = miniFAT[Int(s)]
        }
        return out
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0xFFFF_FFFF }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 {
        guard i >= 0, i + 8 <= b.count else { return 0 }
        return UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
    }
}
