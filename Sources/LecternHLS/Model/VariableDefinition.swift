/// `EXT-X-DEFINE`: a variable for `{$name}` substitution (draft-pantos-hls-rfc8216bis, 4.4.2.3). The parser keeps
/// references unsubstituted, so writing reproduces them.
public enum VariableDefinition: Hashable, Sendable {
    /// `NAME="x",VALUE="y"`.
    case value(name: String, value: String)
    /// `IMPORT="x"`: takes the value from the multivariant playlist that referenced this one.
    case `import`(name: String)
    /// `QUERYPARAM="x"`: takes the value from the playlist URI's query.
    case queryParameter(name: String)

    /// The variable's name.
    public var name: String {
        switch self {
        case .value(let name, _), .import(let name), .queryParameter(let name): name
        }
    }
}
