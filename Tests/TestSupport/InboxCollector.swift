import Foundation
import ReviewApp
import ReviewCore

/// Waits until `inbox` has produced `count` messages (or 10 s pass).
public func collect(_ inbox: Inbox, count: Int) -> [Message] {
    var messages: [Message] = []
    let deadline = Date().addingTimeInterval(10)
    while messages.count < count && Date() < deadline {
        messages += inbox.drain()
        if messages.count < count { Thread.sleep(forTimeInterval: 0.005) }
    }
    return messages
}
