/// What a Query or Scan page has read, sized as the Developer Guide counts it ("Local secondary
/// indexes" and "Global secondary indexes", provisioned throughput considerations): a read of an index
/// reads index entries — the attributes the index projects, keys included — not whole items, for both
/// its read units and its 1 MB page limit; a local index read that needs attributes the index does not
/// project also reads each returned item from the table, whole, each rounded up to 4 KB on its own.
struct ReadSizes {
    /// Whether returned items are fetched from the table.
    let fetching: Bool
    /// The attributes an entry holds; nil when it holds the whole item (a table read, an `ALL` index).
    let projected: Set<String>?

    /// Bytes of the entries read (the table's items for a table read).
    private(set) var indexBytes = 0
    /// The read units of the entries: their total rounded up to 4 KB once, as a Query's items are.
    var indexUnits: Double { CapacityUnits.read(indexBytes, consistent: consistent) }
    /// The fetched items' bytes, each rounded up to 4 KB.
    private var fetchedBytes = 0
    /// The read units of the fetches.
    private(set) var fetchUnits = 0.0
    private let consistent: Bool

    init(fetching: Bool, projected: Set<String>?, consistent: Bool) {
        self.fetching = fetching
        self.projected = projected
        self.consistent = consistent
    }

    /// Counts `item` read through the index, and fetched from the table when `fetched` and the read fetches.
    mutating func read(_ item: Item, fetched: Bool) {
        indexBytes += projected.map { keep in item.reduce(0) { keep.contains($1.key) ? $0 + $1.key.utf8.count + $1.value.size : $0 } }
            ?? Item.size(item)
        if fetching, fetched {
            let size = Item.size(item)
            fetchedBytes += Self.roundedUp(size)
            fetchUnits += CapacityUnits.read(size, consistent: consistent)
        }
    }

    /// The size the 1 MB page limit counts: the entries, and with fetches the entries rounded up to
    /// 4 KB plus each fetched item rounded up to 4 KB (Developer Guide, "Local secondary indexes").
    var pageBytes: Int {
        fetchedBytes == 0 ? indexBytes : Self.roundedUp(indexBytes) + fetchedBytes
    }

    private static func roundedUp(_ bytes: Int) -> Int { (bytes + 4095) / 4096 * 4096 }
}
