import SocialSyncCore

/// Prints a JSON array element by element, so listing a million links needs no more memory
/// than one of them. Prints nothing when disabled.
struct JSONArrayStream {
    let console: Console
    let enabled: Bool
    private var started = false

    init(console: Console, enabled: Bool) {
        self.console = console
        self.enabled = enabled
    }

    mutating func append(_ element: JSONValue) {
        guard enabled else { return }
        console.out((started ? "," : "[") + element.rendered())
        started = true
    }

    func finish() {
        guard enabled else { return }
        console.out(started ? "]" : "[]")
    }
}
