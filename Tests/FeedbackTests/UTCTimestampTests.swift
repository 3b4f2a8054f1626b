import Numerics
import Testing
@testable import Feedback

@Test("known instants format as ISO 8601 UTC with milliseconds", arguments: [
    (Int64(0), "1970-01-01T00:00:00.000Z"),
    (951_782_400_000, "2000-02-29T00:00:00.000Z"),
    (1_795_713_405_123, "2026-11-26T17:16:45.123Z"),
    (-1, "1969-12-31T23:59:59.999Z"),
    (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
])
func formatsKnownInstants(milliseconds: Int64, text: String) {
    let timestamp = UTCTimestamp(millisecondsSinceEpoch: milliseconds)
    #expect(timestamp.iso8601 == text)
    #expect(UTCTimestamp(iso8601: text) == timestamp)
}

@Test("the calendar arithmetic matches walking day by day from 1970 to 2100")
func calendarMatchesNaiveWalk() {
    var (year, month, day): (Int64, Int64, Int64) = (1970, 1, 1)
    for days in Int64(0)..<47_482 {  // 1970-01-01 ... 2099-12-31
        let got = UTCTimestamp.civilDate(daysSinceEpoch: days)
        #expect(got.year == year && got.month == month && got.day == day, "day \(days)")
        #expect(UTCTimestamp.daysSinceEpoch(year: year, month: month, day: day) == days)
        if got.year != year || got.month != month || got.day != day { return }
        day += 1
        if day > UTCTimestamp.daysIn(month: month, year: year) {
            day = 1
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
    }
}

@Test("formatting then parsing gives back the same instant for random times")
func roundTripsRandomInstants() {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<2000 {
        let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &rng)
        let timestamp = UTCTimestamp(millisecondsSinceEpoch: ms)
        #expect(UTCTimestamp(iso8601: timestamp.iso8601) == timestamp)
    }
}

@Test("offsets, missing fractions and long fractions are parsed")
func parsesVariants() {
    let reference = UTCTimestamp(iso8601: "2026-11-26T15:16:45.000Z")
    #expect(reference != nil)
    #expect(UTCTimestamp(iso8601: "2026-11-26T17:16:45+02:00") == reference)
    #expect(UTCTimestamp(iso8601: "2026-11-26T14:46:45-00:30") == reference)
    #expect(UTCTimestamp(iso8601: "2026-11-26T15:16:45Z") == reference)
    #expect(UTCTimestamp(iso8601: "2026-11-26T15:16:45.5Z")?.millisecondsSinceEpoch
        == reference!.millisecondsSinceEpoch + 500)
    #expect(UTCTimestamp(iso8601: "2026-11-26T15:16:45.123456789Z")?.millisecondsSinceEpoch
        == reference!.millisecondsSinceEpoch + 123)
}

@Test("malformed or impossible timestamps are rejected", arguments: [
    "", "garbage", "2026-11-26", "2026-11-26T15:16:45", "2026-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T15:16:45.Z",
    "2026-11-26T15:16:45Zjunk", "2026-11-26T15:16:45+2:00", "２026-11-26T15:16:45Z",
])
func rejectsMalformed(text: String) {
    #expect(UTCTimestamp(iso8601: text) == nil)
}

@Test("timestamps order by instant")
func ordersByInstant() {
    #expect(UTCTimestamp(millisecondsSinceEpoch: -5) < UTCTimestamp(millisecondsSinceEpoch: 3))
    #expect(UTCTimestamp(secondsSinceEpoch: 1.2345).millisecondsSinceEpoch == 1235)
}
