/**
 * The report renderers (HTML for the webview and the standalone export, Markdown, text): hostile
 * strings stay text, the page keeps its CSP promises, the charts are well-formed and complete, empty
 * data says "not available", and a 300-stage application renders well under a second.
 * Checks are parse-free on purpose: the HTML escaper never emits a raw `<`, so every `<` outside
 * the page's own script and stylesheet starts a real tag, and the tags can be listed with a regex.
 */
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { renderMarkdown, renderReportHtml, renderText, parseReportWebviewMessage } from '../../../server/src/report/render';
import type { HtmlOptions } from '../../../server/src/report/render';
import { sizingAdvice } from '../../../server/src/report/render/sizingAdvice';
import type { ReportModel } from '../../../server/src/report/types';
import { REPO_ROOT } from '../helpers/fixtures';
import { emptyModel, HOSTILE, hostileModel, largeModel, PAYLOADS, sampleModel } from './renderModels';

const NONCE = 'c2FtcGxlTm9uY2UxMjM0NTY3OA';

/** The real page script and stylesheet, as the build makes dist/webview.js and dist/webview.css. */
function realAssets(): { script: string; style: string } {
  const bundle = esbuild.buildSync({ entryPoints: [path.join(REPO_ROOT, 'webview/src/main.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, write: false });
  return { script: bundle.outputFiles[0]!.text, style: fs.readFileSync(path.join(REPO_ROOT, 'webview/styles.css'), 'utf8') };
}

const ASSETS = realAssets();
const STANDALONE: HtmlOptions = { nonce: NONCE, inline: ASSETS };
const WEBVIEW: HtmlOptions = {
  nonce: NONCE,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  cspSource: 'https://*.vscode-cdn.net',
};

/** The test's own escaping, written independently of the renderer's. */
function htmlEscaped(value: string): string {
  return value.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;').split('"').join('&quot;').split("'").join('&#39;');
}

function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') return String.fromCodePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
    return named[body] ?? whole;
  });
}

/** The page without the text of its own nonce'd script and style (our code, not markup). */
function withoutOwnCode(html: string): string {
  return html.replace(/(<script nonce="[^"]*">)[\s\S]*?(<\/script>)/, '$1$2').replace(/(<style nonce="[^"]*">)[\s\S]*?(<\/style>)/, '$1$2');
}

function tagsOf(markup: string): string[] {
  return markup.match(/<[^>]*>/g) ?? [];
}

function tagName(tag: string): string {
  return /^<\/?([a-zA-Z][\w-]*)/.exec(tag)?.[1]?.toLowerCase() ?? tag;
}

const ALLOWED_TAGS = new Set(
  'html head meta title style script link body header p h1 h2 h3 dl div dt dd span figure figcaption svg defs pattern line circle path rect g text polyline nav ul li a main section details summary article code strong em button table caption thead tbody tr th td pre footer'.split(' '),
);

/** Unbalanced or crossed tags in an XML-ish fragment, as messages (empty when well-formed). */
function wellFormedErrors(fragment: string): string[] {
  const errors: string[] = [];
  const stack: string[] = [];
  for (const match of fragment.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:"[^"]*"|[^>"])*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) errors.push(`</${name}> at ${match.index} closes something else`);
  }
  if (stack.length > 0) errors.push(`unclosed: ${stack.join(', ')}`);
  if (fragment.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:"[^"]*"|[^>"])*?)(\/?)>/g, '').includes('<')) errors.push('a stray "<" outside tags');
  return errors;
}

function svgsOf(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

function svgWithClass(html: string, className: string): string {
  const svg = svgsOf(html).find((s) => s.startsWith(`<svg class="chart ${className}"`));
  assert.ok(svg, `no ${className} chart`);
  return svg;
}

function count(haystack: string, needle: string | RegExp): number {
  return typeof needle === 'string' ? haystack.split(needle).length - 1 : (haystack.match(needle) ?? []).length;
}

/** Markdown with fenced code blocks removed (their content is verbatim by design). */
function outsideFences(markdown: string): string {
  const lines = markdown.split('\n');
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const opener = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && opener) fence = opener;
    else if (fence !== undefined && line === fence) fence = undefined;
    else if (fence === undefined) kept.push(line);
  }
  assert.strictEqual(fence, undefined, 'a code fence is left open');
  return kept.join('\n');
}

describe('report rendering', () => {
  describe('hostile strings stay text', () => {
    const model = hostileModel();
    const html = renderReportHtml(model, STANDALONE);
    const markup = withoutOwnCode(html);
    const tags = tagsOf(markup);

    it('has one script element, its own, and no injected element or attribute', () => {
      assert.strictEqual(count(html.toLowerCase(), '<script'), 1);
      assert.strictEqual(count(html.toLowerCase(), '<style'), 1);
      const unexpected = tags.filter((tag) => !ALLOWED_TAGS.has(tagName(tag)) && !tag.startsWith('<!DOCTYPE'));
      assert.deepStrictEqual(unexpected, []);
      assert.deepStrictEqual(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag)), [], 'event-handler attributes');
      assert.deepStrictEqual(tags.filter((tag) => /javascript:/i.test(tag)), [], 'javascript: inside a tag');
      assert.deepStrictEqual(tags.filter((tag) => /\s(href|src|xlink:href|action|formaction)\s*=\s*"(?!#)/i.test(tag)), [], 'a link that is not an in-page fragment');
    });

    it('shows every payload as escaped text', () => {
      for (const payload of PAYLOADS) assert.ok(markup.includes(htmlEscaped(payload)), `missing escaped ${payload}`);
      // The page title, the header, a finding, the evidence, a recommendation, a comparison row…
      assert.ok(count(markup, htmlEscaped(HOSTILE)) >= 15, `only ${count(markup, htmlEscaped(HOSTILE))} escaped copies`);
      assert.ok(markup.includes(`<h1>${htmlEscaped(HOSTILE)}</h1>`));
      assert.ok(markup.includes(`<p class="message">${htmlEscaped(HOSTILE)}</p>`));
    });

    it('keeps attribute values intact for the script (data-file decodes to the path)', () => {
      const files = [...markup.matchAll(/data-file="([^"]*)"/g)].map((m) => m[1]!);
      assert.ok(files.length >= 3);
      for (const encoded of files) {
        assert.ok(!/[<>"'`=:]/.test(encoded), `raw special character in ${encoded}`);
        assert.strictEqual(decodeEntities(encoded), PAYLOADS[3]);
      }
      const labels = [...markup.matchAll(/aria-label="([^"]*)"/g)].map((m) => decodeEntities(m[1]!));
      assert.ok(labels.some((label) => label.includes(HOSTILE)), 'the chart labels carry the names, decoded intact');
    });

    it('escapes the SVG text and titles too', () => {
      const svgs = svgsOf(markup);
      assert.ok(svgs.length >= 5);
      for (const svg of svgs) {
        assert.deepStrictEqual(wellFormedErrors(svg), []);
        for (const payload of PAYLOADS.slice(0, 3)) assert.ok(!svg.includes(payload));
      }
      assert.ok(svgWithClass(markup, 'timeline-chart').includes(`<title>Stage 0: ${htmlEscaped(HOSTILE)}`));
      // A stage with a place in the code is named after it (escaped too), not after its JVM frame.
      assert.ok(svgWithClass(markup, 'timeline-chart').includes(`: ${htmlEscaped(`${PAYLOADS[3]}:7`)} —`));
    });

    it('Markdown has no raw "<" outside code blocks, no injected line and no broken table', () => {
      const markdown = renderMarkdown(model);
      const prose = outsideFences(markdown);
      assert.ok(!prose.includes('<'), prose.split('\n').find((line) => line.includes('<')));
      assert.ok(prose.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(!prose.split('\n').some((line) => line.startsWith('# injected')), 'a newline in a name started a heading');
      for (const tableLine of prose.split('\n').filter((line) => line.startsWith('| '))) {
        const cells = tableLine.replace(/\\\|/g, '').split('|').length - 2;
        assert.ok([4, 5, 6, 7, 2].includes(cells), `table row with ${cells} cells: ${tableLine}`);
      }
      // The conf blocks: the fence outlasts the backticks in the values, each value stays on its line.
      const fences = markdown.split('\n').filter((line) => /^`{3,}/.test(line));
      assert.ok(fences.length >= 4 && fences.every((line) => line.startsWith('````')), 'fences longer than the ``` inside');
    });

    it('text has no control characters and no injected line', () => {
      const text = renderText(model);
       
      assert.ok(!/[\u0000-\u0009\u000B-\u001F\u007F]/.test(text));
      // The conf blocks are the recommender's text to paste, quoted for their own formats; the rest is ours.
      const prose = text.slice(0, text.indexOf('  spark-defaults.conf:')) + text.slice(text.indexOf('PREDICTION'));
      assert.ok(!prose.split('\n').some((line) => line.trimStart().startsWith('# injected')));
      assert.ok(text.includes(PAYLOADS[0]), 'text output is plain: the payload is printed as it was');
    });

  });

  describe('the page', () => {
    it('standalone: CSP meta with the nonce, one inline script and style, no URL at all', () => {
      const html = renderReportHtml(sampleModel(), STANDALONE);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
      assert.ok(csp);
      assert.strictEqual(decodeEntities(csp[1]!), `default-src 'none'; img-src data:; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'`);
      assert.deepStrictEqual(html.match(/<script[^>]*>/g), [`<script nonce="${NONCE}">`]);
      assert.deepStrictEqual(html.match(/<style[^>]*>/g), [`<style nonce="${NONCE}">`]);
      assert.ok(!/<link\b/.test(html));
      assert.ok(!/https?:/i.test(html), 'an http(s) URL in the standalone export');
      assert.ok(!/@import|url\((?!#)/i.test(html), 'a stylesheet import or external url()');
      assert.ok(html.includes(ASSETS.script.slice(0, 200)), 'the real script is inlined');
    });

    it('webview: script and stylesheet from the webview URIs, CSP names the cspSource', () => {
      const html = renderReportHtml(sampleModel(), WEBVIEW);
      const csp = decodeEntities(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!);
      assert.strictEqual(csp, `default-src 'none'; img-src ${WEBVIEW.cspSource} data:; style-src ${WEBVIEW.cspSource} 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'`);
      const scripts = html.match(/<script[^>]*>/g)!;
      assert.strictEqual(scripts.length, 1);
      assert.strictEqual(decodeEntities(/src="([^"]*)"/.exec(scripts[0]!)![1]!), WEBVIEW.scriptUri);
      assert.ok(scripts[0]!.includes(`nonce="${NONCE}"`));
      const links = html.match(/<link[^>]*>/g)!;
      assert.strictEqual(links.length, 1);
      assert.strictEqual(decodeEntities(/href="([^"]*)"/.exec(links[0]!)![1]!), WEBVIEW.styleUri);
      assert.ok(!/<style\b/.test(html));
    });

    it('refuses options that would make an unsafe or scriptless page', () => {
      assert.throws(() => renderReportHtml(sampleModel(), { nonce: 'x"><script>' , inline: ASSETS }), /nonce/);
      assert.throws(() => renderReportHtml(sampleModel(), { nonce: NONCE }), /inline/);
    });

    it('inlined script or CSS cannot close its element early', () => {
      const html = renderReportHtml(sampleModel(), { nonce: NONCE, inline: { script: 'const s = "</script><script>alert(5)</script>";', style: 'a::after { content: "</style><script>alert(6)</script>"; }' } });
      assert.strictEqual(count(html.toLowerCase(), '</script'), 1);
      assert.strictEqual(count(html.toLowerCase(), '</style'), 1);
    });

    it('has the sections, go-to-code and copy buttons with labels, and the findings grouped by severity', () => {
      const model = sampleModel();
      const html = renderReportHtml(model, STANDALONE);
      for (const id of ['findings', 'timeline', 'distributions', 'utilisation', 'sizing', 'configuration', 'prediction', 'comparison', 'similar']) {
        assert.ok(html.includes(`<section class="report-section" id="${id}"`), id);
        assert.ok(html.includes(`<a href="#${id}">`), `navigation to ${id}`);
      }
      const buttons = html.match(/<button[^>]*>/g) ?? [];
      assert.ok(buttons.every((b) => /type="button"/.test(b) && /aria-label="[^"]+"/.test(b)), 'every button has a type and a label');
      const reveals = buttons.filter((b) => b.includes('class="reveal"'));
      // One finding and one recommendation have locations in the sample.
      assert.strictEqual(reveals.length, 2);
      assert.ok(reveals.some((b) => decodeEntities(b).includes('data-file="/ws/jobs/etl.py" data-line="42"')));
      assert.strictEqual(buttons.filter((b) => b.includes('class="copy"')).length, 2);
      const critical = html.indexOf('severity-group severity-critical');
      const warning = html.indexOf('severity-group severity-warning');
      const info = html.indexOf('severity-group severity-info');
      assert.ok(critical > 0 && critical < warning && warning < info);
      assert.ok(html.slice(critical, warning).includes('Stage 2 is skewed') && html.slice(critical, warning).includes('max task 412 s vs median 9 s over 200 tasks'));
      assert.ok(html.includes('≈ 6 min of stage time'));
      const defaults = /id="conf-spark-defaults"[^>]*><code>([^<]*)<\/code>/.exec(html)![1]!.split('\n');
      assert.deepStrictEqual(defaults.filter((line) => !line.startsWith('#')), ['spark.sql.shuffle.partitions 200', 'spark.memory.fraction 0.8']);
      const submit = /id="conf-spark-submit"[^>]*><code>([^<]*)<\/code>/.exec(html)![1]!;
      assert.strictEqual(submit, '--conf spark.sql.shuffle.partitions=200 \\\n--conf spark.memory.fraction=0.8');
    });

    it('reads like the editor: its severity words, stages named after their line, one headline said once, no empty column', () => {
      const model = sampleModel();
      model.findings.push({ ruleId: 'task-skew', severity: 'warning', message: 'stage 7 of nightly (2026-11-03): max task 437 s vs median 9 s over 200 tasks', evidence: [{ run: 'nightly (2026-11-03)', summary: 'stage 7: max task 437 s vs median 9 s over 200 tasks', figures: {} }, { run: 'nightly (2026-11-02)', summary: 'stage 7: max task 412 s vs median 9 s over 200 tasks', figures: {} }], stageId: 7 });
      model.timeline = model.timeline.map((stage, index) => (index === 0 ? { ...stage, name: '$anonfun$run$1 at FutureTask.java:266', location: { file: '/ws/jobs/etl.py', line: 113 }, tasks: 1 } : stage));
      model.recommendations = model.recommendations.map((r) => ({ ...r, location: undefined }));
      const html = renderReportHtml(model, STANDALONE);
      assert.deepStrictEqual([...new Set(html.match(/class="badge badge-\w+">[A-Z]+</g))].map((badge) => badge.split('>')[1]!.slice(0, -1)).sort(), ['ERROR', 'INFORMATION', 'WARNING']);
      const skew = html.slice(html.indexOf('max task 437 s vs median 9 s over 200 tasks'));
      const items = /<ul class="evidence"[^>]*>(.*?)<\/ul>/.exec(skew)![1]!;
      assert.ok(!items.includes('437 s'), 'the evidence bullet that repeats the headline is left out');
      assert.ok(items.includes('412 s'), 'the older run, which adds to it, stays');
      const timeline = svgWithClass(html, 'timeline-chart');
      assert.ok(timeline.includes(`<title>Stage ${model.timeline[0]!.stageId}: etl.py:113 — `), 'named after its line, not its JVM frame');
      assert.ok(!timeline.includes('FutureTask.java'), 'the JVM frame is not shown');
      assert.ok(/etl\.py:113 [^<]*, 1 task[^s]/.test(timeline), '"1 task", not "1 tasks"');
      const configuration = html.slice(html.indexOf('id="configuration"'));
      const header = /<thead><tr>(.*?)<\/tr><\/thead>/.exec(configuration)![1]!;
      assert.ok(!header.includes('>Code<'), 'no "Code" column when no recommendation has a place in the code');
      assert.ok(configuration.includes('spark.<wbr>sql.<wbr>shuffle.<wbr>partitions'), 'setting names wrap after dots only');
    });

    it('shows the learned correction only when it beats the estimate, and each recommendation\'s expected effect and where', () => {
      const model = sampleModel();
      const html = renderReportHtml(model, STANDALONE);
      assert.ok(html.includes('CORRECTION BEATS ESTIMATE'));
      assert.ok(html.includes('Expected: stage 2 −60 s, run 10 min → 9 min, cost −10%.'));
      assert.ok(html.includes('Where: spark-submit --conf or spark-defaults.conf'));
      // How far to trust it, and the earlier prediction held against this run, in every format.
      assert.ok(html.includes('Confidence: medium (the replay reproduces this run within 4%; the earlier prediction for this job, checked against this run, was off by 12%).'));
      assert.ok(html.includes('<caption>Earlier predictions for this job, checked against this run</caption>'), 'validations table');
      assert.ok(html.includes('<td>spark.sql.shuffle.partitions: 2000 → 200</td><td>daily-orders-etl (2026-11-02)</td><td class="num">500 s → 450 s</td><td class="num">10 min 0 s</td><td class="num">25%</td><td>it read 30% more data</td>'));
      assert.ok(renderMarkdown(model).includes('| spark.sql.shuffle.partitions: 2000 → 200 | daily-orders-etl (2026-11-02) | 500 s → 450 s | 10 min 0 s | 25% | it read 30% more data |'));
      assert.ok(renderText(model).includes(`    ${model.validations[0]!.sentence}`));
      model.prediction = { ...model.prediction, correction: { ...model.prediction.correction, shown: false, reason: 'not shown: the forest does not beat the estimate' } };
      const hidden = renderReportHtml(model, STANDALONE);
      assert.ok(!hidden.includes('CORRECTION BEATS ESTIMATE'));
      assert.ok(hidden.includes('Learned correction not shown: the forest does not beat the estimate.'));
    });
  });

  describe('charts', () => {
    const model = sampleModel();
    const html = renderReportHtml(model, STANDALONE);

    it('are well-formed, accessible images', () => {
      const svgs = svgsOf(html);
      assert.strictEqual(svgs.length, 5, 'time budget, timeline, distributions, utilisation, what-if');
      for (const svg of svgs) {
        assert.deepStrictEqual(wellFormedErrors(svg), []);
        assert.ok(/^<svg [^>]*role="img" aria-label="[^"]+"/.test(svg));
        assert.ok(/^<svg [^>]*><title>[^<]+<\/title>/.test(svg));
        assert.ok(!svg.includes('xmlns'), 'no namespace URL');
      }
    });

    it('timeline: one bar per stage, each flag patterned, marked and in the legend', () => {
      const timeline = svgWithClass(html, 'timeline-chart');
      const bars = timeline.slice(timeline.indexOf('<g class="bars">'));
      assert.strictEqual(count(bars, /<rect class="bar[ "]/g), model.timeline.length);
      for (const flag of ['skewed', 'spilling', 'failed'] as const) {
        const flagged = model.timeline.filter((s) => s.flags.includes(flag)).length;
        assert.strictEqual(count(bars, `class="flag-fill flag-${flag}" `), flagged, `${flag} pattern overlays`);
        assert.strictEqual(count(bars, `class="marker marker-${flag}"`), flagged, `${flag} markers`);
        const legend = timeline.slice(0, timeline.indexOf('<g class="bars">'));
        assert.ok(legend.includes(`fill="url(#sa-pattern-${flag})"`) && legend.includes(`marker-${flag}`), `${flag} in the legend`);
        assert.ok(timeline.includes(`<pattern id="sa-pattern-${flag}"`));
      }
      assert.ok(/>skewed \(a few tasks much slower\)</.test(timeline) && />spilling to disk</.test(timeline) && />failed</.test(timeline));
      // The flagged stages are listed in a table too (words, not only pictures).
      assert.strictEqual(count(html, '<span class="flag-tag flag-tag-'), 4);
    });

    it('timeline bars sit where the stages ran', () => {
      const timeline = svgWithClass(html, 'timeline-chart');
      const bars = [...timeline.matchAll(/<rect class="bar[^"]*" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].slice(4).map((m) => [Number(m[1]), Number(m[2])]);
      // Plot spans 170…916 px for the 600 s run (stage 0 runs 60–120 s, stage 2 300–500 s).
      const x = (seconds: number) => 170 + (seconds / 600) * (960 - 170 - 44);
      assert.ok(Math.abs(bars[0]![0]! - x(60)) < 0.2 && Math.abs(bars[0]![1]! - (x(120) - x(60))) < 0.2, JSON.stringify(bars[0]));
      assert.ok(Math.abs(bars[2]![0]! - x(300)) < 0.2 && Math.abs(bars[2]![1]! - (x(500) - x(300))) < 0.2, JSON.stringify(bars[2]));
    });

    it('distributions: one box per stage with tasks; utilisation and what-if show their series', () => {
      assert.strictEqual(count(svgWithClass(html, 'distribution-chart'), '<g class="distribution">'), 4);
      const utilisation = svgWithClass(html, 'utilisation-chart');
      assert.ok(utilisation.includes('class="area-available"') && utilisation.includes('class="area-busy"'));
      const whatIf = svgWithClass(html, 'whatif-chart');
      assert.strictEqual(count(whatIf, 'class="point-duration"'), model.whatIf!.simulated.length + 1, 'a circle per size, and one in the legend');
      assert.strictEqual(count(whatIf, '<circle class="point-observed"'), 2, 'the observed ring and its legend entry');
      assert.ok(whatIf.includes('class="point-suggested"'));
    });

    it('what-if: the cheapest size within 10% of the fastest is suggested', () => {
      // Fastest is 160 cores at 400 s; within 440 s: 80 cores (420 s, $5.80) and 160 cores ($11.10).
      const advice = sizingAdvice(model.whatIf)!;
      assert.strictEqual(advice.fastest.cores, 160);
      assert.strictEqual(advice.cheapestNearFastest.cores, 80);
      assert.strictEqual(advice.observed!.cores, 40);
      const text = renderText(model);
      assert.ok(text.includes('Cheapest within 10% of the fastest: 80 cores, 420 s ($5.80).'), text);
      assert.ok(renderMarkdown(model).includes('Suggested: 80 cores'));
      // Without prices, fewest core-hours decides: 80 × 420 s < 160 × 400 s.
      const unpriced = { ...model.whatIf!, simulated: model.whatIf!.simulated.map((p) => ({ ...p, cost: null })) };
      assert.strictEqual(sizingAdvice(unpriced)!.comparedBy, 'core-hours');
      assert.strictEqual(sizingAdvice(unpriced)!.cheapestNearFastest.cores, 80);
    });
  });

  describe('missing data', () => {
    const model = emptyModel();

    it('says "not available" in every format instead of failing', () => {
      const html = renderReportHtml(model, STANDALONE);
      for (const sentence of [
        'Stage timeline not available',
        'Task-duration distributions not available',
        'Utilisation not available',
        'What-if simulation not available',
        'This run cannot be replayed (no completed stage or no wall time), so no effect is predicted.',
        'No configuration changes recommended',
        'No other runs of this job',
        'No similar runs found',
        'No errors.',
      ]) {
        assert.ok(html.includes(sentence), sentence);
      }
      assert.strictEqual(svgsOf(html).length, 1, 'only the time budget is drawn');
      assert.deepStrictEqual(wellFormedErrors(withoutOwnCode(html).replace(/^<!DOCTYPE html>/, '').replace(/<meta[^>]*>|<link[^>]*>/g, '')), []);
      const markdown = renderMarkdown(model);
      const text = renderText(model);
      for (const output of [markdown, text]) {
        assert.ok(output.includes('What-if simulation not available'));
        assert.ok(output.includes('Learned correction not shown: a learned correction needs at least 3 runs of this job'));
        assert.ok(output.includes('No other runs of this job to compare with.'));
        assert.ok(/Cost:?\**:?\s+not available/.test(output));
        assert.ok(!/NaN|undefined|Infinity/.test(output), output);
      }
      assert.ok(!/NaN|undefined|Infinity/.test(withoutOwnCode(html)));
    });

    it('draws a single stage, a single utilisation bucket and a one-point what-if', () => {
      const sparse: ReportModel = {
        ...sampleModel(),
        timeline: [{ stageId: 0, attemptId: 0, name: 'only', jobIds: [], start: 5, end: 5, tasks: 1, flags: ['failed'] }],
        distributions: [{ stageId: 0, attemptId: 0, name: 'only', taskDuration: { count: 1, min: 7, max: 7, mean: 7, p5: 7, p25: 7, p50: 7, p75: 7, p95: 7, exact: true } }],
        utilisation: [{ time: 5, busyCores: 0, availableCores: 0 }],
        whatIf: { observedDurationMs: 10, observedCores: 4, modelError: 0, simulated: [{ coresFactor: 1, cores: 4, durationMs: 10, cost: null }] },
      };
      sparse.summary = { ...sparse.summary, startTime: null, endTime: null };
      const html = renderReportHtml(sparse, STANDALONE);
      for (const svg of svgsOf(html)) {
        assert.deepStrictEqual(wellFormedErrors(svg), []);
        assert.ok(!/NaN|Infinity/.test(svg), svg.slice(0, 300));
      }
      assert.strictEqual(count(svgWithClass(html, 'timeline-chart'), '<rect class="bar flagged-failed"'), 2, 'the bar and its legend swatch');
    });
  });

  describe('webview messages', () => {
    it('accepts reveal and copy, refuses anything else', () => {
      assert.deepStrictEqual(parseReportWebviewMessage({ type: 'reveal', file: '/a.py', line: 3 }), { type: 'reveal', file: '/a.py', line: 3 });
      assert.deepStrictEqual(parseReportWebviewMessage({ type: 'copy', text: 'a b' }), { type: 'copy', text: 'a b' });
      for (const bad of [null, 'reveal', { type: 'reveal', file: '/a.py', line: 0 }, { type: 'reveal', file: '', line: 1 }, { type: 'reveal', file: '/a.py', line: '3' }, { type: 'copy' }, { type: 'run', text: 'x' }]) {
        assert.strictEqual(parseReportWebviewMessage(bad), undefined, JSON.stringify(bad));
      }
    });
  });

  describe('scale', () => {
    it('renders ~15,000 tasks over 300 stages in well under a second', () => {
      const model = largeModel(300, 15_000);
      assert.strictEqual(model.timeline.reduce((sum, s) => sum + s.tasks, 0), 15_000);
      renderReportHtml(largeModel(10, 100), STANDALONE); // warm up the JIT on a small model
      const started = performance.now();
      const html = renderReportHtml(model, STANDALONE);
      const markdown = renderMarkdown(model);
      const text = renderText(model);
      const elapsed = performance.now() - started;
      console.log(`      300 stages / 15,000 tasks: HTML ${(html.length / 1024).toFixed(0)} KB, Markdown ${(markdown.length / 1024).toFixed(0)} KB, text ${(text.length / 1024).toFixed(0)} KB in ${elapsed.toFixed(1)} ms`);
      assert.ok(elapsed < 1000, `${elapsed} ms`);
      const timeline = svgWithClass(html, 'timeline-chart');
      assert.strictEqual(count(timeline.slice(timeline.indexOf('<g class="bars">')), /<rect class="bar[ "]/g), 300);
      assert.strictEqual(count(svgWithClass(html, 'distribution-chart'), '<g class="distribution">'), 30, 'the 30 stages with the longest tasks');
      assert.ok(html.includes('The 30 stages with the longest tasks (of 300 with tasks)'));
      for (const svg of svgsOf(html)) assert.deepStrictEqual(wellFormedErrors(svg), []);
    });
  });
});
