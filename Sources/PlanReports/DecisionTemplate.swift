/// The decision list's template (Mustache, HTML content type: every `{{value}}` is escaped): an A4
/// landscape page for print, in the style of a committee's personnel list.
enum DecisionTemplate {
    static let page = #"""
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<title>{{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<div class="committee">{{#hasCommittee}}{{committee}}{{/hasCommittee}}</div>
<div class="date">{{#hasDate}}{{date}}{{/hasDate}}{{^hasDate}}{{t.blankDate}}{{/hasDate}}</div>
</header>
<h1>{{title}}</h1>
<p class="sub">{{t.planYear}} {{planYear}}</p>
{{#hasViolations}}<p class="alarm">{{violationsText}}</p>{{/hasViolations}}
<h2>{{t.moves}}</h2>
{{^hasMoves}}<p>{{t.noMoves}}</p>{{/hasMoves}}
{{#hasMoves}}
<table>
<thead><tr><th class="n">{{t.number}}</th>{{#phased}}<th class="n">{{phaseWord}}</th>{{/phased}}<th>{{t.name}}</th><th class="n">{{t.birthYear}}</th><th>{{t.current}}</th><th>{{t.proposed}}</th><th>{{t.form}}</th><th>{{t.reasons}}</th></tr></thead>
<tbody>
{{#moves}}
<tr><td class="n">{{number}}</td>{{#phased}}<td class="n">{{year}}</td>{{/phased}}<td>{{name}}</td><td class="n">{{birthYear}}</td><td>{{current}}</td><td>{{proposed}}</td><td>{{form}}</td><td>{{reasonsText}}</td></tr>
{{/moves}}
</tbody>
</table>
{{/hasMoves}}
{{#hasReleases}}
<h2>{{t.releases}}</h2>
<table>
<thead><tr><th class="n">{{t.number}}</th>{{#phased}}<th class="n">{{phaseWord}}</th>{{/phased}}<th>{{t.name}}</th><th class="n">{{t.birthYear}}</th><th>{{t.current}}</th><th>{{t.reasons}}</th></tr></thead>
<tbody>
{{#releases}}
<tr><td class="n">{{number}}</td>{{#phased}}<td class="n">{{year}}</td>{{/phased}}<td>{{name}}</td><td class="n">{{birthYear}}</td><td>{{current}}</td><td>{{reasonsText}}</td></tr>
{{/releases}}
</tbody>
</table>
{{/hasReleases}}
{{#hasShares}}
<h2>{{t.shares}}</h2>
<table class="shares">
<thead><tr><th>{{t.target}}</th><th class="n">{{t.needed}}</th><th class="n">{{t.achieved}}</th><th></th></tr></thead>
<tbody>
{{#shares}}
<tr><td>{{name}} ({{label}})</td><td class="n">{{needed}}/{{posts}}</td><td class="n">{{achieved}}</td><td>{{#met}}✓{{/met}}{{^met}}✗{{/met}}</td></tr>
{{/shares}}
</tbody>
</table>
{{/hasShares}}
<footer>
<div class="sign"><div>{{t.preparedBy}}</div></div>
<div class="sign"><div>{{#hasCommittee}}{{t.onBehalf}} {{committee}}{{/hasCommittee}}</div></div>
</footer>
</body>
</html>

"""#

    static let css = """

    @page { size: A4 landscape; margin: 14mm 12mm; }
    body { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif; font-size: 12.5pt; color: #000; margin: 0; }
    header { display: flex; justify-content: space-between; font-weight: bold; text-transform: uppercase; margin-bottom: 8mm; }
    .date { font-weight: normal; font-style: italic; text-transform: none; }
    h1 { text-align: center; font-size: 15pt; margin: 0 0 2mm; text-transform: uppercase; }
    .sub { text-align: center; margin: 0 0 6mm; font-style: italic; }
    h2 { font-size: 13pt; margin: 6mm 0 2mm; }
    .alarm { border: 2px solid #000; padding: 2mm 4mm; font-weight: bold; }
    table { border-collapse: collapse; width: 100%; }
    thead { display: table-header-group; }
    tr { page-break-inside: avoid; break-inside: avoid; }
    th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
    th { text-align: center; font-weight: bold; }
    td.n, th.n { text-align: center; white-space: nowrap; }
    table.shares { width: auto; }
    footer { display: flex; justify-content: space-between; margin-top: 12mm; font-weight: bold; text-transform: uppercase; }
    .sign { width: 45%; text-align: center; min-height: 30mm; }

    """
}
