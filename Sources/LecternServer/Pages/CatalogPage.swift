import LecternPackage

/// `/`: lectures grouped by series, with language, duration, poster and the size of each rendition.
enum CatalogPage {
    static func render(_ lectures: [Manifest]) -> String {
        let groups = Dictionary(grouping: lectures) { $0.series ?? "" }
        var body = "<h1>Lectures</h1>\n" + SearchPage.form() + "\n"
        if lectures.isEmpty { body += "<p>No lectures yet.</p>\n" }
        for series in groups.keys.sorted(by: { ($0.isEmpty ? "\u{10FFFF}" : $0) < ($1.isEmpty ? "\u{10FFFF}" : $1) }) {
            body += "<h2>\(HTML.escape(series.isEmpty ? "Other lectures" : series))</h2>\n<ul>\n"
            for lecture in groups[series, default: []].sorted(by: { $0.title < $1.title }) {
                let summary = LectureSummary(lecture)
                let poster = summary.poster.map { "<img src=\"\($0)\" alt=\"\" loading=\"lazy\">" } ?? ""
                let sizes = lecture.renditions.map { "\(HTML.escape($0.name)) \(HTML.size($0.bytes))" }.joined(separator: " · ")
                var languages = summary.audio.count > 1 ? "<br>Audio: " + summary.audio.map { HTML.escape($0.name) }.joined(separator: ", ") : ""
                if !summary.subtitles.isEmpty {
                    languages += "<br>Subtitles: " + summary.subtitles.map { HTML.escape($0.name) }.joined(separator: ", ")
                }
                body += """
                    <li>\(poster)<a href="/watch/\(lecture.id)" lang="\(HTML.escape(lecture.language))">\(HTML.escape(lecture.title))</a> \
                    <small>\(HTML.escape(lecture.language)) · \(HTML.duration(lecture.duration))\(languages)<br>\(sizes)</small></li>

                    """
            }
            body += "</ul>\n"
        }
        return HTML.page(title: "Lectern", body: body)
    }
}
