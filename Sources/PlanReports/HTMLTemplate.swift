/// The HTML report's templates (Mustache, HTML content type: every `{{value}}` is escaped; only the
/// SVG pictures and the style sheet, which the tool builds itself, go in unescaped with `{{{…}}}`).
enum HTMLTemplate {
    static let partials: [String: String] = [
        "person": #"{{#hasName}}{{name}} {{/hasName}}<span class="id">{{id}}</span>"#,
        "mark": #"{{#ok}}<span class="ok">✓</span>{{/ok}}{{^ok}}<span class="bad">✗</span>{{/ok}}"#,
        "badge": #"<span class="badge t-{{id}}">{{label}}</span>"#,
        "reasons": #"{{#hasReasons}}<ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}"#,
    ]

    static let page = #"""
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
<p class="sub">{{subtitle}}{{#planName}} · {{t.planFile}} <code>{{.}}</code>{{/planName}}</p>
</header>
{{#valid}}
<section class="verdict good" id="check"><strong>✓ {{t.everyRuleHolds}}</strong> {{validText}}</section>
{{/valid}}
{{^valid}}
<section class="verdict alarm" id="violations">
<h2>⚠ {{t.breaksRules}}</h2>
<p>{{t.checkerFound}} <strong>{{violationsCount}}</strong>. {{t.doNotAdopt}}</p>
<ol>
{{#violations}}
<li><strong>{{rule}}</strong>: {{message}}{{#hasDetail}} <span class="muted">[{{#hasCadres}}{{t.cadresColon}} {{#cadres}}{{#name}}{{.}} ({{id}}){{/name}}{{^name}}{{id}}{{/name}}{{^last}}, {{/last}}{{/cadres}}{{/hasCadres}}{{#hasBoth}}; {{/hasBoth}}{{#hasPosts}}{{t.postsColon}} {{#posts}}{{id}}{{^last}}, {{/last}}{{/posts}}{{/hasPosts}}]</span>{{/hasDetail}}</li>
{{/violations}}
</ol>
</section>
{{/valid}}
<section id="summary">
<h2>{{t.summary}}</h2>
<div class="cards">
<div class="card"><div class="label">{{t.status}}</div><div class="value status-{{status}}">{{statusLabel}}</div></div>
<div class="card"><div class="label">{{t.objective}}</div><div class="value">{{objective}}</div>{{#recomputedDiffers}}<div class="note bad">{{t.recomputed}} {{recomputed}}</div>{{/recomputedDiffers}}</div>
<div class="card"><div class="label">{{t.bound}}</div><div class="value">{{bound}}</div><div class="note">{{gap}}</div></div>
<div class="card"><div class="label">{{t.moves}}</div><div class="value">{{moves}}</div><div class="note">{{#moveCap}}{{t.cap}} {{.}}{{/moveCap}}{{^moveCap}}{{t.noCap}}{{/moveCap}}</div></div>
<div class="card"><div class="label">{{t.releases}}</div><div class="value">{{releases}}</div></div>
<div class="card"><div class="label">{{t.retiring}}</div><div class="value">{{retiring}}</div><div class="note">{{t.notCounted}}</div></div>
<div class="card"><div class="label">{{t.crossBlock}}</div><div class="value">{{crossBlock}}</div></div>
<div class="card"><div class="label">{{t.unitsChanged}}</div><div class="value">{{changedUnits}}</div><div class="note">{{t.of}} {{unitCount}}</div></div>
</div>
<table class="types">
<thead><tr><th>{{t.moveType}}</th>{{#types}}<th>{{#type}}{{>badge}}{{/type}}</th>{{/types}}<th>{{t.release}}</th><th>{{t.totalMoves}}</th></tr></thead>
<tbody><tr><td>{{t.posts}}</td>{{#types}}<td class="n">{{count}}</td>{{/types}}<td class="n">{{releases}}</td><td class="n"><strong>{{moves}}</strong></td></tr></tbody>
</table>
<p class="muted">{{{t.moveDefinition}}} {{#meanings}}{{type}}: {{meaning}}{{^last}} · {{/last}}{{/meanings}}.</p>
</section>
<section id="flows">
<h2>{{t.flows}}</h2>
<p class="muted">{{t.flowsNote}}</p>
<div class="legend">{{#legend}}<span><i style="background:{{colour}}"></i>{{name}}</span>{{/legend}}</div>
<h3>{{t.betweenLevels}}</h3>
{{{levelSVG}}}
<table class="matrix">
<caption>{{t.matrixCaption}}</caption>
<thead><tr><th></th>{{#matrixColumns}}<th>{{.}}</th>{{/matrixColumns}}<th>{{t.total}}</th></tr></thead>
<tbody>
{{#matrixRows}}
<tr><th>{{level}}</th>{{#cells}}<td class="n">{{.}}</td>{{/cells}}<td class="n"><strong>{{total}}</strong></td></tr>
{{/matrixRows}}
</tbody>
</table>
{{#hasUnitFlows}}
<h3>{{t.betweenUnits}}</h3>
<p class="muted">{{unitFlowNote}}</p>
{{{unitSVG}}}
{{/hasUnitFlows}}
</section>
<section id="rules">
<h2>{{t.compliance}}</h2>
<h3>{{t.shareTargets}}</h3>
{{^hasShares}}
<p class="muted">{{t.noShares}}</p>
{{/hasShares}}
{{#hasShares}}
<table><thead><tr><th>{{t.target}}</th><th>{{t.holderMustBe}}</th><th>{{t.posts}}</th><th>{{t.needed}}</th><th>{{t.now}}</th><th>{{t.inPlan}}</th><th></th></tr></thead><tbody>
{{#shares}}
<tr><td>{{label}}</td><td>{{holder}}</td><td class="n">{{posts}}</td><td class="n">{{needed}}</td><td class="n">{{now}}</td><td class="n"><strong>{{achieved}}</strong>{{#hasShort}} ({{t.shortIn}} {{short}}){{/hasShort}}</td><td>{{>mark}}</td></tr>
{{/shares}}
</tbody></table>
{{/hasShares}}
<h3>{{t.termLimits}}</h3>
{{^hasTermLimits}}
<p class="muted">{{t.noTermLimits}}</p>
{{/hasTermLimits}}
{{#hasTermLimits}}
<p class="muted">{{termLimitText}}</p>
<table><thead><tr><th>{{t.cadre}}</th><th>{{t.postHeld}}</th><th>{{t.unit}}</th><th>{{t.yearsLimit}}</th><th>{{t.resolved}}</th><th></th></tr></thead><tbody>
{{#termLimits}}
<tr><td>{{#cadre}}{{>person}}{{/cadre}}</td><td>{{title}} <span class="id">{{post}}</span></td><td>{{unitName}}</td><td class="n">{{tenure}} / {{limit}}</td><td>{{#moved}}{{#type}}{{>badge}}{{/type}} {{t.to}} {{title}} <span class="id">{{post}}</span>, {{unitName}} <span class="id">{{unit}}</span>{{/moved}}{{#released}}<span class="badge t-release">{{t.released}}</span>{{/released}}{{#retiringCase}}{{t.retiringWord}}{{/retiringCase}}{{#stillInUnit}}<span class="bad">{{t.stillInUnit}} {{post}}</span>{{/stillInUnit}}</td><td>{{>mark}}</td></tr>
{{/termLimits}}
</tbody></table>
{{/hasTermLimits}}
<h3>{{t.arrivals}}</h3>
{{^hasArrivals}}
<p class="muted">{{t.noArrivals}}{{#arrivalCap}} {{t.capColon}} {{.}} {{t.perUnit}}{{/arrivalCap}}</p>
{{/hasArrivals}}
{{#hasArrivals}}
<p>{{#arrivalCap}}{{t.capColon}} <strong>{{.}}</strong> {{t.cadresPerUnit}}{{/arrivalCap}}{{^arrivalCap}}{{t.noCapSet}}{{/arrivalCap}} {{arrivalsText}}</p>
<table class="compact"><thead><tr><th>{{t.unit}}</th><th>{{t.arrivalsWord}}</th><th>{{t.cap}}</th><th></th></tr></thead><tbody>
{{#arrivals}}
<tr><td>{{unitName}} <span class="id">{{unit}}</span></td><td class="n">{{count}}</td><td class="n">{{cap}}</td><td>{{>mark}}</td></tr>
{{/arrivals}}
</tbody></table>
{{/hasArrivals}}
<h3>{{t.movesQuotas}}</h3>
<p>{{#moveCap}}{{t.movesColon}} <strong>{{moves}}</strong> {{t.ofAtMost}} {{.}} {{#movesWithinCap}}<span class="ok">✓</span>{{/movesWithinCap}}{{^movesWithinCap}}<span class="bad">✗</span>{{/movesWithinCap}}. {{/moveCap}}{{^moveCap}}{{t.movesColon}} <strong>{{moves}}</strong>; {{t.noCapSetLower}} {{/moveCap}}{{^hasQuotas}}{{t.noQuotas}}{{/hasQuotas}}</p>
{{#hasQuotas}}
<table class="compact"><thead><tr><th>{{t.moveType}}</th><th>{{t.quota}}</th><th>{{t.inPlan}}</th><th></th></tr></thead><tbody>
{{#quotas}}
<tr><td>{{#type}}{{>badge}}{{/type}}</td><td class="n">{{quota}}</td><td class="n">{{achieved}}</td><td>{{>mark}}</td></tr>
{{/quotas}}
</tbody></table>
{{/hasQuotas}}
{{#hasRelations}}
<h3>{{t.relatives}}</h3>
<p>{{relationsText}} <strong>{{relationsKept}}</strong> {{t.relationsKept}} {{#relationsOK}}<span class="ok">✓</span>{{/relationsOK}}{{^relationsOK}}<span class="bad">✗</span>{{/relationsOK}}</p>
{{/hasRelations}}
</section>
<section id="units">
<h2>{{t.byUnit}}</h2>
<p class="muted">{{changedText}} {{t.byUnitNote}}</p>
{{#changed}}
<div class="unit" id="unit-{{id}}"><h3>{{name}} <span class="id">{{id}}</span> <span class="tag tag-{{level}}">{{levelLabel}}</span>{{#weak}} <span class="tag tag-weak">{{t.weak}}</span>{{/weak}} <span class="counts">{{arrivals}} {{t.arriving}} · {{departures}} {{t.leaving}}</span></h3>
<table class="posts"><colgroup><col style="width:17%"><col style="width:19%"><col style="width:2.5%"><col style="width:19%"><col style="width:10.5%"><col style="width:32%"></colgroup><thead><tr><th>{{t.post}}</th><th>{{t.now}}</th><th></th><th>{{t.inPlan}}</th><th>{{t.move}}</th><th>{{t.reasons}}</th></tr></thead><tbody>
{{#rows}}
<tr class="{{#changed}}moved{{/changed}}{{^changed}}same{{/changed}}"><td>{{title}} <span class="id">{{post}}</span>{{#flags}}<div class="small">{{.}}</div>{{/flags}}</td><td>{{#before}}{{>person}}{{/before}}{{^before}}<span class="muted">{{t.vacant}}</span>{{/before}}{{#beforeGoesTo}}<div class="small">→ {{.}}</div>{{/beforeGoesTo}}</td><td class="arrow">→</td><td>{{#after}}{{>person}}{{/after}}{{^after}}<span class="muted">{{t.vacant}}</span>{{/after}}{{#afterComesFrom}}<div class="small">{{t.from}} {{.}}</div>{{/afterComesFrom}}</td><td>{{#type}}{{>badge}}{{/type}}{{^type}}<span class="badge t-none">{{t.empty}}</span>{{/type}}{{#crossBlock}} <span class="badge t-cross">{{t.crossBlockWord}}</span>{{/crossBlock}}</td><td>{{#changed}}{{>reasons}}{{/changed}}</td></tr>
{{/rows}}
</tbody></table></div>
{{/changed}}
{{#hasUnchanged}}
<p class="unchanged"><strong>{{unchangedText}}</strong> {{#unchanged}}{{name}} <span class="id">{{id}}</span>{{^last}}, {{/last}}{{/unchanged}}.</p>
{{/hasUnchanged}}
</section>
<section id="releases">
<h2>{{t.releases}}</h2>
{{^hasReleases}}
<p class="muted">{{t.noReleases}}</p>
{{/hasReleases}}
{{#hasReleases}}
<p class="muted">{{t.releasesNote}}</p>
<table><thead><tr><th>{{t.cadre}}</th><th>{{t.postHeldNow}}</th><th>{{t.unit}}</th><th>{{t.reasons}}</th></tr></thead><tbody>
{{#releaseRows}}
<tr><td>{{#cadre}}{{>person}}{{/cadre}}</td><td>{{previousTitle}} <span class="id">{{previousPost}}</span></td><td>{{unitName}} <span class="id">{{unit}}</span></td><td>{{>reasons}}</td></tr>
{{/releaseRows}}
</tbody></table>
{{/hasReleases}}
<h3>{{t.retiring}}</h3>
{{^hasRetiring}}
<p class="muted">{{noRetiringText}}</p>
{{/hasRetiring}}
{{#hasRetiring}}
<p class="muted">{{retiringText}}</p>
<ul class="retiring">
{{#retiringRows}}
<li>{{#cadre}}{{>person}}{{/cadre}}, {{t.age}} {{age}}{{#post}}, {{t.nowHolds}} {{title}} <span class="id">{{.}}</span>{{/post}}{{^post}}, {{t.noPost}}{{/post}}, {{unitName}}</li>
{{/retiringRows}}
</ul>
{{/hasRetiring}}
</section>
<footer>{{{t.footer}}}</footer>
</body>
</html>

"""#
}
