import AssignModel
import Foundation

/// Draws a `FlowModel` as an inline SVG: origins on the left, destinations on the right, one band
/// per (origin group → destination group) whose width is proportional to its count.
public enum FlowSVG {
    /// Colour of a level (and of releases), shared with the report's legend.
    public static func colour(_ kind: FlowModel.Kind) -> String {
        switch kind.level {
        case .province?: return "#7b3fa0"
        case .district?: return "#1f6fb4"
        case .commune?: return "#2e8b3e"
        case nil: return "#c0392b"
        }
    }

    static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Shortens a label for the picture (the full name is in the tooltip).
    static func short(_ s: String, _ n: Int = 30) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }

    /// `flowHeight` is about the height the bands of the busier side take together.
    public static func render(_ model: FlowModel, width: Double = 920, flowHeight: Double = 440, label: String = tr("report.svgUnits")) -> String {
        let nodeWidth = 14.0, labelRoom = 230.0, top = 34.0, gap = 8.0, minNode = 18.0
        let leftX = labelRoom, rightX = width - labelRoom - nodeWidth
        guard model.total > 0 else {
            return """
            <svg role="img" aria-label="\(HTML.escape(tr("report.svgNoMoves")))" viewBox="0 0 \(Int(width)) 60" width="100%" class="flows">\
            <text x="\(Int(width / 2))" y="34" text-anchor="middle" font-size="14" fill="#555">\(HTML.escape(tr("report.svgNoMovesText")))</text></svg>
            """
        }
        // Scale: the bands fill about `flowHeight`, and a single move is at most 10 px thick.
        let scale = min(10.0, flowHeight / Double(model.total))
        func layout(_ nodes: [FlowModel.Node]) -> [(y: Double, h: Double)] {
            var y = top
            var out: [(y: Double, h: Double)] = []
            var previous: Level?? = nil
            for n in nodes {
                if let p = previous, p != n.kind.level { y += gap }  // a little more room between levels
                let h = max(minNode, Double(n.count) * scale)
                out.append((y, h))
                y += h + gap
                previous = .some(n.kind.level)
            }
            return out
        }
        let left = layout(model.sources), right = layout(model.targets)
        let height = max(left.last.map { $0.y + $0.h } ?? 0, right.last.map { $0.y + $0.h } ?? 0) + 16
        var svg = """
        <svg role="img" class="flows" viewBox="0 0 \(Int(width)) \(Int(height.rounded(.up)))" \
        width="100%" font-family="system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif" \
        aria-label="\(HTML.escape(label)): \(HTML.escape(tr("report.svgInAll", ["n": String(model.total)])))">
        <text x="\(fmt(leftX + nodeWidth))" y="18" text-anchor="end" font-size="13" font-weight="600" fill="#333">\(HTML.escape(tr("report.svgFrom")))</text>
        <text x="\(fmt(rightX))" y="18" font-size="13" font-weight="600" fill="#333">\(HTML.escape(tr("report.svgTo")))</text>

        """
        // Bands: stacked in target order at each source, and in source order at each target.
        var outOffset = [Double](repeating: 0, count: model.sources.count)
        var inOffset = [Double](repeating: 0, count: model.targets.count)
        func inner(_ box: (y: Double, h: Double), _ count: Int) -> Double {
            box.y + (box.h - Double(count) * scale) / 2
        }
        struct Band { var link: FlowModel.Link; var y0: Double; var y1: Double; var w: Double }
        var bands: [Band] = []
        for l in model.links.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }) {
            let w = Double(l.count) * scale
            let y0 = inner(left[l.from], model.sources[l.from].count) + outOffset[l.from]
            outOffset[l.from] += w
            bands.append(Band(link: l, y0: y0, y1: 0, w: w))
        }
        for i in bands.indices.sorted(by: { (bands[$0].link.to, bands[$0].link.from) < (bands[$1].link.to, bands[$1].link.from) }) {
            let l = bands[i].link
            bands[i].y1 = inner(right[l.to], model.targets[l.to].count) + inOffset[l.to]
            inOffset[l.to] += bands[i].w
        }
        let x0 = leftX + nodeWidth, x1 = rightX, xm = (x0 + x1) / 2
        svg += "<g class=\"bands\">\n"
        for b in bands {
            let s = model.sources[b.link.from], t = model.targets[b.link.to]
            let d = "M\(fmt(x0)),\(fmt(b.y0)) C\(fmt(xm)),\(fmt(b.y0)) \(fmt(xm)),\(fmt(b.y1)) \(fmt(x1)),\(fmt(b.y1)) "
                + "L\(fmt(x1)),\(fmt(b.y1 + b.w)) C\(fmt(xm)),\(fmt(b.y1 + b.w)) \(fmt(xm)),\(fmt(b.y0 + b.w)) \(fmt(x0)),\(fmt(b.y0 + b.w)) Z"
            let tip = "\(s.label) → \(t.label): " + tr(b.link.count == 1 ? "report.svgMove.one" : "report.svgMove", ["n": String(b.link.count)])
            svg += "<path d=\"\(d)\" fill=\"\(colour(s.kind))\" fill-opacity=\"0.38\" stroke=\"\(colour(s.kind))\" stroke-opacity=\"0.55\" stroke-width=\"0.6\"><title>\(HTML.escape(tip))</title></path>\n"
        }
        svg += "</g>\n<g class=\"counts\" font-size=\"11\" fill=\"#222\">\n"
        // Count labels: at the destination end where there is room, else at the origin end.
        var lastRight = -Double.infinity, lastLeft = -Double.infinity
        var placedLeft: [(Band, Double)] = []
        for b in bands.sorted(by: { $0.y1 < $1.y1 }) {
            let y = b.y1 + b.w / 2 + 4
            if y - lastRight >= 12 {
                svg += "<text x=\"\(fmt(x1 - 5))\" y=\"\(fmt(y))\" text-anchor=\"end\">\(b.link.count)</text>\n"
                lastRight = y
            } else {
                placedLeft.append((b, b.y0 + b.w / 2 + 4))
            }
        }
        for (b, y) in placedLeft.sorted(by: { $0.1 < $1.1 }) where y - lastLeft >= 12 {
            svg += "<text x=\"\(fmt(x0 + 5))\" y=\"\(fmt(y))\">\(b.link.count)</text>\n"
            lastLeft = y
        }
        svg += "</g>\n"
        // Nodes and their labels.
        func drawNodes(_ nodes: [FlowModel.Node], _ boxes: [(y: Double, h: Double)], x: Double, leftSide: Bool) -> String {
            var out = ""
            for (n, box) in zip(nodes, boxes) {
                let c = colour(n.kind)
                let full = "\(n.label): " + tr("report.svg\(leftSide ? "Out" : "In")\(n.count == 1 ? ".one" : "")", ["n": String(n.count)])
                out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(box.y))\" width=\"\(fmt(nodeWidth))\" height=\"\(fmt(box.h))\" fill=\"\(c)\" rx=\"2\"><title>\(HTML.escape(full))</title></rect>\n"
                let tx = leftSide ? x - 6 : x + nodeWidth + 6
                let anchor = leftSide ? " text-anchor=\"end\"" : ""
                let style: String
                if case .unit = n.kind { style = "" } else { style = " font-style=\"italic\"" }
                out += "<text x=\"\(fmt(tx))\" y=\"\(fmt(box.y + box.h / 2 + 4.5))\"\(anchor) font-size=\"12.5\" fill=\"#1a1a1a\"\(style)>"
                    + "\(HTML.escape(short(n.label))) <tspan font-weight=\"700\" fill=\"\(c)\">\(n.count)</tspan></text>\n"
            }
            return out
        }
        svg += drawNodes(model.sources, left, x: leftX, leftSide: true)
        svg += drawNodes(model.targets, right, x: rightX, leftSide: false)
        svg += "</svg>"
        return svg
    }
}
