import Foundation

extension ComparisonReport {
    /// Text made safe inside HTML.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The report page: the table of means (best value of each column in bold), the montage
    /// with one labelled row per method, and the maps of each figure side by side.
    func html() -> String {
        let keys = figureKeys
        var best: [String: Double] = [:]
        for (key, _) in keys {
            let values = scores.compactMap { mean($0, key) }
            best[key] = MethodScores.lowerIsBetterKeys.contains(key) ? values.min() : values.max()
        }
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>kikuchi compare: \(Self.escaped(title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #bbb; padding: 0.3em 0.8em; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            img { image-rendering: pixelated; border: 1px solid #ccc; }
            img.montage { height: 160px; }
            figure { display: inline-block; margin: 0.5em; text-align: center; }
            </style></head><body>
            <h1>kikuchi compare</h1>
            <p>\(Self.escaped(title))</p>
            <h2>Means per method</h2>
            <table><tr><th>method</th>
            """
        page += keys.map { "<th>\(Self.escaped($0.label))</th>" }.joined() + "<th>time (s)</th></tr>\n"
        for score in scores {
            page += "<tr><td>\(Self.escaped(score.name))</td>"
            if let reason = score.skipped {
                page += "<td colspan=\"\(keys.count + 1)\" style=\"text-align: left\">skipped: \(Self.escaped(reason))</td></tr>\n"
                continue
            }
            for (key, _) in keys {
                guard let value = mean(score, key) else { page += "<td></td>"; continue }
                let text = String(format: key == "psnr" || key == "error" ? "%.2f" : "%.4f", value)
                page += value == best[key] ? "<td><b>\(text)</b></td>" : "<td>\(text)</td>"
            }
            page += String(format: "<td>%.2f</td></tr>\n", score.seconds)
        }
        page += "</table>\n<p>Higher is better in every column but the median error. PSNR and SSIM compare patterns scaled to [0, 1] each.</p>\n"
        if keys.contains(where: { $0.key == "raw-fit" }) {
            page += """
                <p>Methods are ranked by the raw-pattern fit: the normalised cross-correlation of each <em>raw</em> \
                pattern with the pattern simulated at the orientation found from the method's output. Smoothing \
                cannot raise it; only a right orientation explains the raw data. <em>Indexed, confident</em>: the \
                fraction of patterns whose raw-pattern fit stands 6 standard deviations above the raw pattern's mean \
                fit over the whole dictionary. The own match NCC, image quality and neighbour dot product reward \
                smooth output whatever its bands, and are shown as what they are.</p>

                """
        }
        for score in scores where !score.notes.isEmpty {
            page += score.notes.map { "<p>\(Self.escaped(score.name)): \(Self.escaped($0))</p>\n" }.joined()
        }
        page +=
            "<h2>The same patterns, every method</h2>\n<p>Patterns \(shownIndices.map(String.init).joined(separator: ", ")), each stretched to its own range.</p>\n<table>\n"
        for name in rowNames where shownPatterns[name] != nil {
            page +=
                "<tr><td>\(Self.escaped(name))</td><td><img class=\"montage\" src=\"montage_\(Self.escaped(name)).png\" alt=\"\(Self.escaped(name))\"></td></tr>\n"
        }
        page += "</table>\n"
        if let key = orientationKey, !orientationMapped.isEmpty {
            page += "<h2>Orientation maps (IPF-Z)</h2>\n<p>\(Self.escaped(key.caption))</p>\n"
            page += "<figure><img src=\"maps/ipf-key.png\" alt=\"colour key\"><figcaption>key</figcaption></figure>\n"
            for score in orientationMapped {
                page +=
                    "<figure><img src=\"maps/ipf-z_\(Self.escaped(score.name)).png\" alt=\"orientation map of \(Self.escaped(score.name))\"><figcaption>\(Self.escaped(score.name))</figcaption></figure>\n"
            }
        }
        for (key, label) in keys {
            page += "<h2>Map: \(Self.escaped(label))</h2>\n<p>One gray scale for all methods: black is the lowest value, white the highest.</p>\n"
            for score in scores where score.figures.contains(where: { $0.key == key }) {
                page +=
                    "<figure><img src=\"maps/\(key)_\(Self.escaped(score.name)).png\" alt=\"\(Self.escaped(label)) of \(Self.escaped(score.name))\"><figcaption>\(Self.escaped(score.name))</figcaption></figure>\n"
            }
        }
        page += "</body></html>\n"
        return page
    }
}
