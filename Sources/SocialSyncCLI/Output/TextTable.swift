/// Human output in columns of fixed width, printed row by row so a listing of any size
/// streams; scripts use `--json` instead. A cell wider than its column pushes the rest on.
struct TextTable {
    struct Column {
        let title: String
        let width: Int
    }

    private let console: Console
    private let columns: [Column]

    init(console: Console, _ columns: [(String, Int)]) {
        self.console = console
        self.columns = columns.map { Column(title: $0.0, width: $0.1) }
        emit(self.columns.map(\.title))
    }

    func add(_ cells: [String]) { emit(cells) }

    private func emit(_ cells: [String]) {
        let line = zip(columns, cells).enumerated().map { index, pair in
            index == columns.count - 1 ? pair.1 : pair.1.padding(toLength: max(pair.0.width, pair.1.count), withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
        console.out(line)
    }
}
