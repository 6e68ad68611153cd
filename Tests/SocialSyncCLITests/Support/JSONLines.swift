import Foundation
import TestSupport

/// Import lines in interface.md's shapes.
enum JSONLines {
    static func post(_ id: String) -> String {
        #"{"id":"\#(id)","url":"https://twitter.com/ann/status/\#(id)","author":"Ann","text":"about \#(id)","sentiment":1,"tags":["support"],"source":"twitter","published_at":"2024-05-01T10:00:00Z"}"#
    }

    /// A link whose activity and record ids derive from the post and instance, so every
    /// pair gets its own.
    static func link(post: String, instance: String) -> String {
        let number = abs((post + "/" + instance).utf8.reduce(7) { ($0 &* 31) &+ Int($1) }) % 1_000_000_000
        return #"{"post_id":"\#(post)","instance":"\#(instance)","activity_id":"\#(testGUID(1, number))","record_entity":"incident","record_id":"\#(testGUID(2, number))"}"#
    }
}
