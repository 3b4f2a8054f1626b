/// Separates the keys a person typed from escape sequences a terminal sent (replies to the
/// graphics queries arriving late, over SSH or from a busy terminal): every character from an
/// ESC up to its sequence's terminator is swallowed, so `ESC[6;20;10t` never acts as the key
/// `2`, nor `ESC_Gi=31;OK ESC\` as `G`, `i`, `O`, `K`. Pure: the caller gives the time.
///
/// Shapes recognised (ECMA-48, 7-bit and their C1 forms):
/// - CSI `ESC [` (or U+009B) parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E;
/// - strings APC `ESC _`, DCS `ESC P`, OSC `ESC ]`, PM `ESC ^`, SOS `ESC X` (or U+009F, U+0090,
///   U+009D, U+009E, U+0098) up to ST (`ESC \` or U+009C), or BEL for OSC;
/// - SS3 `ESC O x`, and `ESC` intermediates final (`ESC 7`, Alt-key).
/// Control characters inside a sequence (a ^C in a reply) are swallowed with it.
///
/// A lone ESC is the Escape key only once `escapeKeyMilliseconds` pass with nothing after it.
/// A sequence never terminated ends after `staleMilliseconds` of silence; whatever came inside
/// it is dropped (dropping keys is safe, acting on a reply is not).
public struct EscapeSequenceFilter: Sendable, Equatable {
    private enum State: Equatable, Sendable {
        case ground
        /// ESC seen at `since`.
        case escape(since: Int)
        /// ESC and intermediates (0x20-0x2F) seen.
        case escapeIntermediate
        case csi
        case ss3
        /// A control string; `osc` also ends at BEL.
        case string(osc: Bool)
        /// ESC seen inside a control string: `\` ends it.
        case stringEscape(osc: Bool)
    }

    private var state = State.ground
    /// When the last character arrived (milliseconds, the caller's clock).
    private var lastInput = 0
    /// How long a lone ESC waits before it counts as the Escape key.
    public let escapeKeyMilliseconds: Int
    /// How long an unterminated sequence waits for more before it is given up.
    public let staleMilliseconds: Int

    public init(escapeKeyMilliseconds: Int = 60, staleMilliseconds: Int = 1000) {
        self.escapeKeyMilliseconds = escapeKeyMilliseconds
        self.staleMilliseconds = staleMilliseconds
    }

    /// ESC, the Escape key's code.
    public static let escape: UInt32 = 0x1B

    /// True between an ESC (or C1 introducer) and its sequence's terminator: input now belongs
    /// to a sequence and must not act.
    public var insideSequence: Bool { state != .ground }

    /// True when a sequence other than a lone ESC is open (a reply is arriving).
    public var insideReply: Bool {
        if case .escape = state { return false }
        return state != .ground
    }

    /// When `expire` should next be called (the caller's clock), or nil when nothing waits.
    public var nextDeadline: Int? {
        switch state {
        case .ground: return nil
        case .escape(let since): return since + escapeKeyMilliseconds
        default: return lastInput + staleMilliseconds
        }
    }

    /// Lets time pass: a lone ESC older than `escapeKeyMilliseconds` becomes the Escape key
    /// (returned as `[escape]`); a sequence silent for `staleMilliseconds` is dropped.
    public mutating func expire(at now: Int) -> [UInt32] {
        switch state {
        case .ground:
            return []
        case .escape(let since):
            guard now - since >= escapeKeyMilliseconds else { return [] }
            state = .ground
            return [Self.escape]
        default:
            if now - lastInput >= staleMilliseconds { state = .ground }
            return []
        }
    }

    /// Feeds one character (a Unicode scalar value, or a byte) that arrived at `now`; returns
    /// the characters to act on as keys, in order (empty while a sequence swallows them).
    public mutating func feed(_ code: UInt32, at now: Int) -> [UInt32] {
        feed(code, at: now, c1: true)
    }

    /// `c1`: U+0080-U+009F are C1 controls (decoded characters), not UTF-8 continuation bytes.
    private mutating func feed(_ code: UInt32, at now: Int, c1: Bool) -> [UInt32] {
        var out = expire(at: now)
        lastInput = now
        switch state {
        case .ground:
            out += ground(code, at: now, c1: c1)
        case .escape:
            switch code {
            case 0x5B: state = .csi                                   // [
            case 0x5F, 0x50, 0x5E, 0x58: state = .string(osc: false)  // _ P ^ X
            case 0x5D: state = .string(osc: true)                     // ]
            case 0x4F: state = .ss3                                   // O
            case 0x20...0x2F: state = .escapeIntermediate
            case 0x30...0x7E: state = .ground                         // ESC 7, Alt-key: dropped
            default:
                // ESC then a control key or a non-ASCII character: the Escape key, then that.
                state = .ground
                out.append(Self.escape)
                out += ground(code, at: now, c1: c1)
            }
        case .escapeIntermediate:
            if code == Self.escape { state = .escape(since: now) }
            else if !(0x20...0x2F).contains(code) { state = .ground }
        case .csi:
            if code == Self.escape { state = .escape(since: now) }
            else if (0x40...0x7E).contains(code) { state = .ground }
        case .ss3:
            state = code == Self.escape ? .escape(since: now) : .ground
        case .string(let osc):
            if code == Self.escape { state = .stringEscape(osc: osc) }
            else if (c1 && code == 0x9C) || (osc && code == 0x07) { state = .ground }
        case .stringEscape(let osc):
            if code == 0x5C { state = .ground }                       // ST
            else if code == Self.escape { state = .stringEscape(osc: osc) }
            else {
                // ESC then something else ends the string and starts a new sequence.
                state = .escape(since: now)
                out += feed(code, at: now, c1: c1)
            }
        }
        return out
    }

    private mutating func ground(_ code: UInt32, at now: Int, c1: Bool) -> [UInt32] {
        switch code {
        case Self.escape: state = .escape(since: now)
        case 0x80...0x9F where !c1: return [code]
        case 0x9B: state = .csi
        case 0x90, 0x98, 0x9E, 0x9F: state = .string(osc: false)
        case 0x9D: state = .string(osc: true)
        case 0x80...0x9F: break                                       // other C1 controls: dropped
        default: return [code]
        }
        return []
    }
}

extension EscapeSequenceFilter {
    /// Feeds every byte of `bytes` (raw terminal input, UTF-8: bytes 0x80-0x9F are pieces of
    /// characters, not C1 controls) at `now`; the bytes that would act as keys.
    public mutating func feed(bytes: some Sequence<UInt8>, at now: Int) -> [UInt32] {
        bytes.flatMap { feed(UInt32($0), at: now, c1: false) }
    }
}
