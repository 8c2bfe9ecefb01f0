/// The Markdown report's templates (Mustache with the MARKDOWN content type: every `{{value}}` is
/// escaped for a table cell or paragraph by `MarkdownReport.escape`).
enum MarkdownTemplate {
    static let partials: [String: String] = [
        "person": "{{#hasName}}{{name}} ({{id}}){{/hasName}}{{^hasName}}`{{{id}}}`{{/hasName}}",
        "mark": "{{#ok}}✓{{/ok}}{{^ok}}✗{{/ok}}",
    ]

    static let page = #"""
{{% CONTENT_TYPE: MARKDOWN}}
# {{title}}

{{subtitle}}{{#planName}} · {{t.planFile}} `{{{planNameCode}}}`{{/planName}}

{{#valid}}
**✓ {{t.everyRuleHolds}}** {{validTextShort}}

{{/valid}}
{{^valid}}
## ⚠ {{t.breaksRules}}

{{t.checkerFound}} **{{violationsCount}}**. {{t.doNotAdoptShort}}

{{#violations}}
{{n}}. **{{rule}}**: {{message}}{{#hasDetail}} — {{#hasCadres}}{{t.cadresColon}} {{#cadres}}{{#name}}{{.}} ({{id}}){{/name}}{{^name}}{{id}}{{/name}}{{^last}}, {{/last}}{{/cadres}}{{/hasCadres}}{{#hasBoth}}; {{/hasBoth}}{{#hasPosts}}{{t.postsColon}} {{#posts}}{{id}}{{^last}}, {{/last}}{{/posts}}{{/hasPosts}}{{/hasDetail}}
{{/violations}}

{{/valid}}
## {{t.summary}}

| {{t.statusLower}} | {{t.objectiveLower}} | {{t.boundLower}} | {{t.movesLower}} | {{t.releasesLower}} | {{t.retiringWord}} | {{t.crossBlockWord}} | {{t.unitsChangedLower}} |
| --- | --- | --- | --- | --- | --- | --- | --- |
| {{statusLabel}} | {{objective}}{{#recomputedDiffers}} ({{t.recomputed}} {{recomputed}}){{/recomputedDiffers}} | {{bound}} | {{moves}}{{#moveCap}} {{t.of}} ≤ {{.}}{{/moveCap}} | {{releases}} | {{retiring}} | {{crossBlock}} | {{changedUnits}} {{t.of}} {{unitCount}} |

|{{#types}} {{type}} |{{/types}} {{t.release}} | {{t.totalMoves}} |
|{{#types}} --- |{{/types}} --- | --- |
|{{#types}} {{count}} |{{/types}} {{releases}} | **{{moves}}** |

## {{t.flows}}

| {{{t.fromTo}}} |{{#matrixColumns}} {{.}} |{{/matrixColumns}} {{t.total}} |
| --- |{{#matrixColumns}} --- |{{/matrixColumns}} --- |
{{#matrixRows}}
| {{level}} |{{#cells}} {{.}} |{{/cells}} **{{total}}** |
{{/matrixRows}}

{{#hasLinks}}
{{t.largestFlows}}{{foldedNote}}:

| {{t.from}} | {{t.toWord}} | {{t.cadres}} |
| --- | --- | --- |
{{#topLinks}}
| {{from}} | {{to}} | {{count}} |
{{/topLinks}}

{{/hasLinks}}
## {{t.compliance}}

### {{t.shareTargets}}

{{^hasShares}}
{{t.noShares}}

{{/hasShares}}
{{#hasShares}}
| {{t.target}} | {{t.holderMustBe}} | {{t.posts}} | {{t.needed}} | {{t.now}} | {{t.inPlan}} |  |
| --- | --- | --- | --- | --- | --- | --- |
{{#shares}}
| {{label}} | {{holder}} | {{posts}} | {{needed}} | {{now}} | **{{achieved}}**{{#hasShort}} ({{t.shortIn}} {{short}}){{/hasShort}} | {{>mark}} |
{{/shares}}

{{/hasShares}}
### {{t.termLimits}}

{{^hasTermLimits}}
{{t.noTermLimits}}

{{/hasTermLimits}}
{{#hasTermLimits}}
| {{t.cadre}} | {{t.postHeld}} | {{t.unit}} | {{t.yearsLimit}} | {{t.resolved}} |  |
| --- | --- | --- | --- | --- | --- |
{{#termLimits}}
| {{#cadre}}{{>person}}{{/cadre}} | {{title}} ({{post}}) | {{unitName}} | {{tenure}} / {{limit}} | {{#moved}}{{type}} {{t.to}} {{title}} ({{post}}), {{unitName}} ({{unit}}){{/moved}}{{#released}}{{t.released}}{{/released}}{{#retiringCase}}{{t.retiringWord}}{{/retiringCase}}{{#stillInUnit}}**{{t.stillInUnitShort}}**, {{t.postWord}} {{post}}{{/stillInUnit}} | {{>mark}} |
{{/termLimits}}

{{/hasTermLimits}}
### {{t.arrivals}}

{{#arrivalCap}}{{t.capColon}} **{{.}}** {{t.cadresPerUnit}}{{/arrivalCap}}{{^arrivalCap}}{{t.noCapSet}}{{/arrivalCap}} {{t.notListed}}

{{#hasArrivals}}
| {{t.unit}} | {{t.arrivalsWord}} | {{t.cap}} |  |
| --- | --- | --- | --- |
{{#arrivals}}
| {{unitName}} ({{unit}}) | {{count}} | {{cap}} | {{>mark}} |
{{/arrivals}}

{{/hasArrivals}}
### {{t.movesQuotas}}

{{#moveCap}}{{t.movesColon}} **{{moves}}** {{t.ofAtMost}} {{.}} {{#movesWithinCap}}✓{{/movesWithinCap}}{{^movesWithinCap}}✗{{/movesWithinCap}}.{{/moveCap}}{{^moveCap}}{{t.movesColon}} **{{moves}}**; {{t.noCapSetLower}}{{/moveCap}}

{{^hasQuotas}}
{{t.noQuotas}}

{{/hasQuotas}}
{{#hasQuotas}}
| {{t.moveType}} | {{t.quota}} | {{t.inPlan}} |  |
| --- | --- | --- | --- |
{{#quotas}}
| {{type}} | {{quota}} | {{achieved}} | {{>mark}} |
{{/quotas}}

{{/hasQuotas}}
{{#hasRelations}}
### {{t.relatives}}

{{relationsText}} **{{relationsKept}}** {{t.relationsKept}} {{#relationsOK}}✓{{/relationsOK}}{{^relationsOK}}✗{{/relationsOK}}

{{/hasRelations}}
## {{t.byUnit}}

{{#changed}}
### {{name}} ({{id}}) — {{levelLabel}}{{#weak}}, {{t.weak}}{{/weak}} · {{arrivals}} {{t.arriving}}, {{departures}} {{t.leaving}}

| {{t.post}} | {{t.now}} | {{t.inPlan}} | {{t.move}} | {{t.reasons}} |
| --- | --- | --- | --- | --- |
{{#rows}}
| {{#changed}}**{{title}}**{{/changed}}{{^changed}}{{title}}{{/changed}} ({{post}}) | {{#before}}{{>person}}{{/before}}{{^before}}*{{t.vacant}}*{{/before}}{{#beforeGoesTo}} → {{.}}{{/beforeGoesTo}} | {{#after}}{{>person}}{{/after}}{{^after}}*{{t.vacant}}*{{/after}}{{#afterComesFrom}} ({{t.from}} {{.}}){{/afterComesFrom}} | {{#type}}{{.}}{{/type}}{{^type}}**{{t.empty}}**{{/type}}{{#crossBlock}}, {{t.crossBlockWord}}{{/crossBlock}} | {{#changed}}{{reasonsText}}{{/changed}} |
{{/rows}}

{{/changed}}
{{#hasUnchanged}}
**{{unchangedText}}** {{#unchanged}}{{name}} ({{id}}){{^last}}, {{/last}}{{/unchanged}}.

{{/hasUnchanged}}
## {{t.releases}}

{{^hasReleases}}
{{t.noReleases}}

{{/hasReleases}}
{{#hasReleases}}
| {{t.cadre}} | {{t.postHeldNow}} | {{t.unit}} | {{t.reasons}} |
| --- | --- | --- | --- |
{{#releaseRows}}
| {{#cadre}}{{>person}}{{/cadre}} | {{previousTitle}} ({{previousPost}}) | {{unitName}} ({{unit}}) | {{reasonsText}} |
{{/releaseRows}}

{{/hasReleases}}
### {{t.retiring}}

{{^hasRetiring}}
{{noRetiringText}}
{{/hasRetiring}}
{{#retiringRows}}
- {{#cadre}}{{>person}}{{/cadre}}, {{t.age}} {{age}}{{#post}}, {{t.nowHolds}} {{title}} ({{.}}){{/post}}{{^post}}, {{t.noPost}}{{/post}}, {{unitName}}
{{/retiringRows}}
"""#
}
