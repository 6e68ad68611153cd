/// Progress of a long import on stderr, shown only when stderr is a terminal.
struct ImportProgress {
    let console: Console
    let label: String
    private(set) var count = 0

    init(console: Console, label: String) {
        self.console = console
        self.label = label
    }

    mutating func advance() {
        count += 1
        if count % 10_000 == 0 { console.progress("\(label): \(count) lines") }
    }

    func finish() { console.endProgress() }
}
