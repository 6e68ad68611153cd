/// A JSON Lines record that cannot be imported; the whole file is then refused.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number in the file.
    public var line: Int
    public var problem: String

    public init(line: Int, problem: String) {
        self.line = line
        self.problem = problem
    }

    public var description: String { "line \(line): \(problem)" }
}
