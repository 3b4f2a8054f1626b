/// The first bytes of `text`'s UTF-8, at most `limit` of them, cut between characters' bytes
/// (never inside a character's, which would read back as U+FFFD): for fixed-size C fields and
/// length-capped messages.
func utf8Prefix(_ text: String, limit: Int) -> [UInt8] {
    let utf8 = Array(text.utf8)
    var count = min(utf8.count, max(limit, 0))
    while count > 0 && count < utf8.count && utf8[count] & 0xC0 == 0x80 { count -= 1 }
    return Array(utf8[..<count])
}
