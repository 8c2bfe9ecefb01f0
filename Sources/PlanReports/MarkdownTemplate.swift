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

Plan year {{planYear}} · {{unitCount}} units, {{postCount}} posts, {{cadreCount}} cadres{{#planName}} · plan file `{{{planNameCode}}}`{{/planName}}

{{#valid}}
**✓ Every rule holds.** The independent checker re-verified rules {{rules}}; objective recomputed: {{recomputed}}.

{{/valid}}
{{^valid}}
## ⚠ This plan breaks rules

The independent checker found **{{violationCount}} violation{{violationPlural}}**. Do not adopt the plan as it stands.

{{#violations}}
{{n}}. **{{rule}}**: {{message}}{{#hasDetail}} — {{#hasCadres}}cadres: {{#cadres}}{{#name}}{{.}} ({{id}}){{/name}}{{^name}}{{id}}{{/name}}{{^last}}, {{/last}}{{/cadres}}{{/hasCadres}}{{#hasBoth}}; {{/hasBoth}}{{#hasPosts}}posts: {{#posts}}{{id}}{{^last}}, {{/last}}{{/posts}}{{/hasPosts}}{{/hasDetail}}
{{/violations}}

{{/valid}}
## Summary

| status | objective | bound | moves | releases | retiring | cross-block | units changed |
| --- | --- | --- | --- | --- | --- | --- | --- |
| {{status}} | {{objective}}{{#recomputedDiffers}} (recomputed {{recomputed}}){{/recomputedDiffers}} | {{bound}} | {{moves}}{{#moveCap}} of ≤ {{.}}{{/moveCap}} | {{releases}} | {{retiring}} | {{crossBlock}} | {{changedUnits}} of {{unitCount}} |

|{{#types}} {{type}} |{{/types}} release | total moves |
|{{#types}} --- |{{/types}} --- | --- |
|{{#types}} {{count}} |{{/types}} {{releases}} | **{{moves}}** |

## Flows between units and levels

| from \ to |{{#matrixColumns}} {{.}} |{{/matrixColumns}} total |
| --- |{{#matrixColumns}} --- |{{/matrixColumns}} --- |
{{#matrixRows}}
| {{level}} |{{#cells}} {{.}} |{{/cells}} **{{total}}** |
{{/matrixRows}}

{{#hasLinks}}
Largest flows{{foldedNote}}:

| from | to | cadres |
| --- | --- | --- |
{{#topLinks}}
| {{from}} | {{to}} | {{count}} |
{{/topLinks}}

{{/hasLinks}}
## Rule compliance

### Share targets (C4)

{{^hasShares}}
The policy sets no share target.

{{/hasShares}}
{{#hasShares}}
| target | holder must be | posts | needed | now | in the plan |  |
| --- | --- | --- | --- | --- | --- | --- |
{{#shares}}
| {{label}} | {{holder}} | {{posts}} | {{needed}} | {{now}} | **{{achieved}}**{{#hasShort}} (short in {{short}}){{/hasShort}} | {{>mark}} |
{{/shares}}

{{/hasShares}}
### Term limits (E3)

{{^hasTermLimits}}
No cadre has reached the tenure limit of their post.

{{/hasTermLimits}}
{{#hasTermLimits}}
| cadre | post held | unit | years / limit | resolved |  |
| --- | --- | --- | --- | --- | --- |
{{#termLimits}}
| {{#cadre}}{{>person}}{{/cadre}} | {{title}} ({{post}}) | {{unitName}} | {{tenure}} / {{limit}} | {{#moved}}{{type}} to {{title}} ({{post}}), {{unitName}} ({{unit}}){{/moved}}{{#released}}released{{/released}}{{#retiringCase}}retiring{{/retiringCase}}{{#stillInUnit}}**still in the unit**, post {{post}}{{/stillInUnit}} | {{>mark}} |
{{/termLimits}}

{{/hasTermLimits}}
### Arrivals per unit (C5)

{{#arrivalCap}}Cap: **{{.}}** cadres from other units per unit.{{/arrivalCap}}{{^arrivalCap}}No cap is set.{{/arrivalCap}} Units not listed receive none.

{{#hasArrivals}}
| unit | arrivals | cap |  |
| --- | --- | --- | --- |
{{#arrivals}}
| {{unitName}} ({{unit}}) | {{count}} | {{cap}} | {{>mark}} |
{{/arrivals}}

{{/hasArrivals}}
### Moves (C6) and quotas (C7)

{{#moveCap}}Moves: **{{moves}}** of at most {{.}} {{#movesWithinCap}}✓{{/movesWithinCap}}{{^movesWithinCap}}✗{{/movesWithinCap}}.{{/moveCap}}{{^moveCap}}Moves: **{{moves}}**; no cap is set.{{/moveCap}}

{{^hasQuotas}}
No move quotas are set.

{{/hasQuotas}}
{{#hasQuotas}}
| move type | quota | in the plan |  |
| --- | --- | --- | --- |
{{#quotas}}
| {{type}} | {{quota}} | {{achieved}} | {{>mark}} |
{{/quotas}}

{{/hasQuotas}}
{{#hasRelations}}
### Relatives (C8)

{{relations}} relation{{relationsPlural}} on relations.csv: **{{relationsKept}}** kept (no two relatives hold posts in one unit) {{#relationsOK}}✓{{/relationsOK}}{{^relationsOK}}✗{{/relationsOK}}

{{/hasRelations}}
## Moves by unit

{{#changed}}
### {{name}} ({{id}}) — {{level}}{{#weak}}, weak{{/weak}} · {{arrivals}} arriving, {{departures}} leaving

| post | now | in the plan | move | reasons |
| --- | --- | --- | --- | --- |
{{#rows}}
| {{#changed}}**{{title}}**{{/changed}}{{^changed}}{{title}}{{/changed}} ({{post}}) | {{#before}}{{>person}}{{/before}}{{^before}}*vacant*{{/before}}{{#beforeGoesTo}} → {{.}}{{/beforeGoesTo}} | {{#after}}{{>person}}{{/after}}{{^after}}*vacant*{{/after}}{{#afterComesFrom}} (from {{.}}){{/afterComesFrom}} | {{#type}}{{.}}{{/type}}{{^type}}**empty**{{/type}}{{#crossBlock}}, cross-block{{/crossBlock}} | {{#changed}}{{reasonsText}}{{/changed}} |
{{/rows}}

{{/changed}}
{{#hasUnchanged}}
**No change in {{unchangedCount}} unit{{unchangedPlural}}:** {{#unchanged}}{{name}} ({{id}}){{^last}}, {{/last}}{{/unchanged}}.

{{/hasUnchanged}}
## Releases

{{^hasReleases}}
Every cadre who holds a post now and is not retiring keeps a post.

{{/hasReleases}}
{{#hasReleases}}
| cadre | post held now | unit | reasons |
| --- | --- | --- | --- |
{{#releaseRows}}
| {{#cadre}}{{>person}}{{/cadre}} | {{previousTitle}} ({{previousPost}}) | {{unitName}} ({{unit}}) | {{reasonsText}} |
{{/releaseRows}}

{{/hasReleases}}
### Retiring

{{^hasRetiring}}
No cadre reaches retirement age by {{planYear}}.
{{/hasRetiring}}
{{#retiringRows}}
- {{#cadre}}{{>person}}{{/cadre}}, age {{age}}{{#post}}, now {{title}} ({{.}}){{/post}}{{^post}}, no post{{/post}}, {{unitName}}
{{/retiringRows}}
"""#
}
