import Feedback

extension UTCTimestamp {
    /// The current time (the system's real-time clock); lives in Storage because ReviewCore
    /// reads no clock.
    public static func now() -> UTCTimestamp {
        UTCTimestamp(millisecondsSinceEpoch: POSIX.realtimeMilliseconds())
    }
}
