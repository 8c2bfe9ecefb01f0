/// The HTML report's templates (Mustache, HTML content type: every `{{value}}` is escaped; only the
/// SVG pictures and the style sheet, which the tool builds itself, go in unescaped with `{{{…}}}`).
enum HTMLTemplate {
    static let partials: [String: String] = [
        "person": #"{{#hasName}}{{name}} {{/hasName}}<span class="id">{{id}}</span>"#,
        "mark": #"{{#ok}}<span class="ok">✓</span>{{/ok}}{{^ok}}<span class="bad">✗</span>{{/ok}}"#,
        "badge": #"<span class="badge t-{{.}}">{{.}}</span>"#,
        "reasons": #"{{#hasReasons}}<ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}"#,
    ]

    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
<p class="sub">Plan year {{planYear}} · {{unitCount}} units, {{postCount}} posts, {{cadreCount}} cadres{{#planName}} · plan file <code>{{.}}</code>{{/planName}}</p>
</header>
{{#valid}}
<section class="verdict good" id="check"><strong>✓ Every rule holds.</strong> The independent checker re-verified rules {{rules}} from the plan and the instance alone; objective recomputed: {{recomputed}}.</section>
{{/valid}}
{{^valid}}
<section class="verdict alarm" id="violations">
<h2>⚠ This plan breaks rules</h2>
<p>The independent checker found <strong>{{violationCount}} violation{{violationPlural}}</strong>. Do not adopt the plan as it stands: the figures below describe what the file proposes, not a valid plan.</p>
<ol>
{{#violations}}
<li><strong>{{rule}}</strong>: {{message}}{{#hasDetail}} <span class="muted">[{{#hasCadres}}cadres: {{#cadres}}{{#name}}{{.}} ({{id}}){{/name}}{{^name}}{{id}}{{/name}}{{^last}}, {{/last}}{{/cadres}}{{/hasCadres}}{{#hasBoth}}; {{/hasBoth}}{{#hasPosts}}posts: {{#posts}}{{id}}{{^last}}, {{/last}}{{/posts}}{{/hasPosts}}]</span>{{/hasDetail}}</li>
{{/violations}}
</ol>
</section>
{{/valid}}
<section id="summary">
<h2>Summary</h2>
<div class="cards">
<div class="card"><div class="label">Status</div><div class="value status-{{status}}">{{status}}</div></div>
<div class="card"><div class="label">Objective</div><div class="value">{{objective}}</div>{{#recomputedDiffers}}<div class="note bad">recomputed {{recomputed}}</div>{{/recomputedDiffers}}</div>
<div class="card"><div class="label">Bound</div><div class="value">{{bound}}</div><div class="note">{{gap}}</div></div>
<div class="card"><div class="label">Moves</div><div class="value">{{moves}}</div><div class="note">{{#moveCap}}cap {{.}}{{/moveCap}}{{^moveCap}}no cap{{/moveCap}}</div></div>
<div class="card"><div class="label">Releases</div><div class="value">{{releases}}</div></div>
<div class="card"><div class="label">Retiring</div><div class="value">{{retiring}}</div><div class="note">not counted as releases</div></div>
<div class="card"><div class="label">Cross-block</div><div class="value">{{crossBlock}}</div></div>
<div class="card"><div class="label">Units changed</div><div class="value">{{changedUnits}}</div><div class="note">of {{unitCount}}</div></div>
</div>
<table class="types">
<thead><tr><th>move type</th>{{#types}}<th>{{#type}}{{>badge}}{{/type}}</th>{{/types}}<th>release</th><th>total moves</th></tr></thead>
<tbody><tr><td>posts</td>{{#types}}<td class="n">{{count}}</td>{{/types}}<td class="n">{{releases}}</td><td class="n"><strong>{{moves}}</strong></td></tr></tbody>
</table>
<p class="muted">A move is an assignment other than <em>stay</em>, or a release. {{#meanings}}{{type}}: {{meaning}}{{^last}} · {{/last}}{{/meanings}}.</p>
</section>
<section id="flows">
<h2>Flows between units and levels</h2>
<p class="muted">Each band is a group of cadres moving from the unit they work in now (left) to the unit of their post in the plan (right); its width is proportional to the number of cadres, and the figure beside it is that number. Stays are not drawn.</p>
<div class="legend">{{#legend}}<span><i style="background:{{colour}}"></i>{{name}}</span>{{/legend}}</div>
<h3>Between levels</h3>
{{{levelSVG}}}
<table class="matrix">
<caption>Moves by level (rows: level now; columns: level in the plan)</caption>
<thead><tr><th></th>{{#matrixColumns}}<th>{{.}}</th>{{/matrixColumns}}<th>total</th></tr></thead>
<tbody>
{{#matrixRows}}
<tr><th>{{level}}</th>{{#cells}}<td class="n">{{.}}</td>{{/cells}}<td class="n"><strong>{{total}}</strong></td></tr>
{{/matrixRows}}
</tbody>
</table>
{{#hasUnitFlows}}
<h3>Between units</h3>
<p class="muted">{{unitFlowNote}}</p>
{{{unitSVG}}}
{{/hasUnitFlows}}
</section>
<section id="rules">
<h2>Rule compliance</h2>
<h3>Share targets (C4)</h3>
{{^hasShares}}
<p class="muted">The policy sets no share target.</p>
{{/hasShares}}
{{#hasShares}}
<table><thead><tr><th>target</th><th>holder must be</th><th>posts</th><th>needed</th><th>now</th><th>in the plan</th><th></th></tr></thead><tbody>
{{#shares}}
<tr><td>{{label}}</td><td>{{holder}}</td><td class="n">{{posts}}</td><td class="n">{{needed}}</td><td class="n">{{now}}</td><td class="n"><strong>{{achieved}}</strong>{{#hasShort}} (short in {{short}}){{/hasShort}}</td><td>{{>mark}}</td></tr>
{{/shares}}
</tbody></table>
{{/hasShares}}
<h3>Term limits (E3)</h3>
{{^hasTermLimits}}
<p class="muted">No cadre has reached the tenure limit of their post.</p>
{{/hasTermLimits}}
{{#hasTermLimits}}
<p class="muted">{{termLimitCount}} cadre{{termLimitVerb}} held their post for the limit or longer and must leave their unit.</p>
<table><thead><tr><th>cadre</th><th>post held</th><th>unit</th><th>years / limit</th><th>resolved</th><th></th></tr></thead><tbody>
{{#termLimits}}
<tr><td>{{#cadre}}{{>person}}{{/cadre}}</td><td>{{title}} <span class="id">{{post}}</span></td><td>{{unitName}}</td><td class="n">{{tenure}} / {{limit}}</td><td>{{#moved}}{{#type}}{{>badge}}{{/type}} to {{title}} <span class="id">{{post}}</span>, {{unitName}} <span class="id">{{unit}}</span>{{/moved}}{{#released}}<span class="badge t-release">released</span>{{/released}}{{#retiringCase}}retiring{{/retiringCase}}{{#stillInUnit}}<span class="bad">still in the unit, post {{post}}</span>{{/stillInUnit}}</td><td>{{>mark}}</td></tr>
{{/termLimits}}
</tbody></table>
{{/hasTermLimits}}
<h3>Arrivals per unit (C5)</h3>
{{^hasArrivals}}
<p class="muted">No unit receives a cadre from another unit.{{#arrivalCap}} Cap: {{.}} per unit.{{/arrivalCap}}</p>
{{/hasArrivals}}
{{#hasArrivals}}
<p>{{#arrivalCap}}Cap: <strong>{{.}}</strong> cadres from other units per unit.{{/arrivalCap}}{{^arrivalCap}}No cap is set.{{/arrivalCap}} {{arrivalUnits}} unit{{arrivalPlural}} receive cadres; the most is {{mostArrivals}}. Units not listed receive none.</p>
<table class="compact"><thead><tr><th>unit</th><th>arrivals</th><th>cap</th><th></th></tr></thead><tbody>
{{#arrivals}}
<tr><td>{{unitName}} <span class="id">{{unit}}</span></td><td class="n">{{count}}</td><td class="n">{{cap}}</td><td>{{>mark}}</td></tr>
{{/arrivals}}
</tbody></table>
{{/hasArrivals}}
<h3>Moves (C6) and quotas (C7)</h3>
<p>{{#moveCap}}Moves: <strong>{{moves}}</strong> of at most {{.}} {{#movesWithinCap}}<span class="ok">✓</span>{{/movesWithinCap}}{{^movesWithinCap}}<span class="bad">✗</span>{{/movesWithinCap}}. {{/moveCap}}{{^moveCap}}Moves: <strong>{{moves}}</strong>; no cap is set. {{/moveCap}}{{^hasQuotas}}No move quotas are set.{{/hasQuotas}}</p>
{{#hasQuotas}}
<table class="compact"><thead><tr><th>move type</th><th>quota</th><th>in the plan</th><th></th></tr></thead><tbody>
{{#quotas}}
<tr><td>{{#type}}{{>badge}}{{/type}}</td><td class="n">{{quota}}</td><td class="n">{{achieved}}</td><td>{{>mark}}</td></tr>
{{/quotas}}
</tbody></table>
{{/hasQuotas}}
{{#hasRelations}}
<h3>Relatives (C8)</h3>
<p>{{relations}} relation{{relationsPlural}} on relations.csv: <strong>{{relationsKept}}</strong> kept (no two relatives hold posts in one unit) {{#relationsOK}}<span class="ok">✓</span>{{/relationsOK}}{{^relationsOK}}<span class="bad">✗</span>{{/relationsOK}}</p>
{{/hasRelations}}
</section>
<section id="units">
<h2>Moves by unit</h2>
<p class="muted">{{changedCount}} unit{{changedPlural}} change. For each post: the holder now → the holder in the plan, the move type and the reasons. Rows in grey keep their holder.</p>
{{#changed}}
<div class="unit" id="unit-{{id}}"><h3>{{name}} <span class="id">{{id}}</span> <span class="tag tag-{{level}}">{{level}}</span>{{#weak}} <span class="tag tag-weak">weak</span>{{/weak}} <span class="counts">{{arrivals}} arriving · {{departures}} leaving</span></h3>
<table class="posts"><colgroup><col style="width:17%"><col style="width:19%"><col style="width:2.5%"><col style="width:19%"><col style="width:10.5%"><col style="width:32%"></colgroup><thead><tr><th>post</th><th>now</th><th></th><th>in the plan</th><th>move</th><th>reasons</th></tr></thead><tbody>
{{#rows}}
<tr class="{{#changed}}moved{{/changed}}{{^changed}}same{{/changed}}"><td>{{title}} <span class="id">{{post}}</span>{{#flags}}<div class="small">{{.}}</div>{{/flags}}</td><td>{{#before}}{{>person}}{{/before}}{{^before}}<span class="muted">vacant</span>{{/before}}{{#beforeGoesTo}}<div class="small">→ {{.}}</div>{{/beforeGoesTo}}</td><td class="arrow">→</td><td>{{#after}}{{>person}}{{/after}}{{^after}}<span class="muted">vacant</span>{{/after}}{{#afterComesFrom}}<div class="small">from {{.}}</div>{{/afterComesFrom}}</td><td>{{#type}}{{>badge}}{{/type}}{{^type}}<span class="badge t-none">empty</span>{{/type}}{{#crossBlock}} <span class="badge t-cross">cross-block</span>{{/crossBlock}}</td><td>{{#changed}}{{>reasons}}{{/changed}}</td></tr>
{{/rows}}
</tbody></table></div>
{{/changed}}
{{#hasUnchanged}}
<p class="unchanged"><strong>No change in {{unchangedCount}} unit{{unchangedPlural}}:</strong> {{#unchanged}}{{name}} <span class="id">{{id}}</span>{{^last}}, {{/last}}{{/unchanged}}.</p>
{{/hasUnchanged}}
</section>
<section id="releases">
<h2>Releases</h2>
{{^hasReleases}}
<p class="muted">Every cadre who holds a post now and is not retiring keeps a post.</p>
{{/hasReleases}}
{{#hasReleases}}
<p class="muted">Cadres who hold a post now and get none in the plan.</p>
<table><thead><tr><th>cadre</th><th>post held now</th><th>unit</th><th>reasons</th></tr></thead><tbody>
{{#releaseRows}}
<tr><td>{{#cadre}}{{>person}}{{/cadre}}</td><td>{{previousTitle}} <span class="id">{{previousPost}}</span></td><td>{{unitName}} <span class="id">{{unit}}</span></td><td>{{>reasons}}</td></tr>
{{/releaseRows}}
</tbody></table>
{{/hasReleases}}
<h3>Retiring</h3>
{{^hasRetiring}}
<p class="muted">No cadre reaches retirement age by {{planYear}}.</p>
{{/hasRetiring}}
{{#hasRetiring}}
<p class="muted">{{retiringCount}} cadre{{retiringVerb}} retirement age by {{planYear}}; they take no post and are not counted as releases.</p>
<ul class="retiring">
{{#retiringRows}}
<li>{{#cadre}}{{>person}}{{/cadre}}, age {{age}}{{#post}}, now {{title}} <span class="id">{{.}}</span>{{/post}}{{^post}}, no post{{/post}}, {{unitName}}</li>
{{/retiringRows}}
</ul>
{{/hasRetiring}}
</section>
<footer>Written by <code>plan report</code>. Rules and move types as in SPEC §4–§6; every figure is recomputed from the plan's assignments and the instance, not taken from the plan file.</footer>
</body>
</html>

"""#
}
