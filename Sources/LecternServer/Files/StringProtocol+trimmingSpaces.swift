extension StringProtocol {
    var trimmingSpaces: Substring {
        let view = Substring(self)
        guard let start = view.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = view.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return view[start...end]
    }
}
