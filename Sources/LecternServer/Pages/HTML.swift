/// Tiny helpers for the server's pages: everything from a manifest goes through `escape`.
enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format1: Double(bytes) / 1_000_000) + " MB" : "\(max(1, bytes / 1000)) kB"
    }

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,"><title>\(escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:1rem auto;padding:0 1rem}video{width:100%;background:#000}
        li{margin:.5rem 0}img{width:8rem;vertical-align:middle;margin-right:.5rem}small{color:#555}
        select,button{min-height:2.25rem;font:inherit}input[type=checkbox]{width:1.5rem;height:1.5rem;vertical-align:middle}
        :focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}label{display:inline-block;margin:.25rem 0}
        #ch{list-style:none;padding:0}#ch a{display:flex;gap:.75rem;align-items:center;min-height:3rem;color:inherit}
        #ch img{width:6rem;height:auto;aspect-ratio:16/9;background:#ddd;flex:none;margin:0}#ch a[aria-current]{font-weight:bold}</style>
        </head><body>
        \(body)
        </body></html>

        """
    }
}
