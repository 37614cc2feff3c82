import LecternSearch

/// `/search?q=`: the search box and, for each match, the lecture, the chapter and the line that matched, linked to play
/// from there.
enum SearchPage {
    /// The form, on this page and at the top of the catalog.
    static func form(_ query: String = "") -> String {
        """
        <form action="/search" method="get" role="search"><label for="q">Search slides, titles and subtitles</label><br>\
        <input id="q" name="q" type="search" value="\(HTML.escape(query))" maxlength="200" required> <button type="submit">Search</button></form>
        """
    }

    static func render(query: String, hits: [SearchHit]) -> String {
        var body = "<p><a href=\"/\">All lectures</a></p>\n<h1>Search</h1>\n" + form(query) + "\n"
        if !query.isEmpty {
            body +=
                "<p role=\"status\">\(hits.isEmpty ? "Nothing found" : hits.count == 1 ? "1 match" : "\(hits.count) matches") for “\(HTML.escape(query))”.</p>\n"
        }
        if !hits.isEmpty {
            body += "<ol id=\"results\">\n"
            for hit in hits {
                let place = hit.chapter.map { "Chapter \(hit.chapterNumber ?? 0): \(HTML.escape($0)) · " } ?? ""
                let field =
                    switch hit.field {
                    case .title: "title"
                    case .chapter: "chapter title"
                    case .slide: "slide"
                    case .subtitles: "subtitles"
                    }
                body += """
                    <li><a href="\(HTML.escape(hit.watch))">\(HTML.escape(hit.title))</a> <small>\(place)at \(HTML.duration(hit.time)) · \
                    \(field)</small><br>\(HTML.escape(hit.snippet))</li>

                    """
            }
            body += "</ol>\n"
        }
        return HTML.page(title: query.isEmpty ? "Search" : "\(query) – Search", body: body)
    }
}
