// `npm run peer-parity -- --peers <dir> [--misses] [--classify]`: runs the real CLI (dist/cli.js, so run
// `npm run build` first; this script builds nothing) over the peer linters' own published examples and prints
// issue 13's "done when" figures. The examples live outside the repository (third-party text is never
// committed): <dir>/manifest.json lists each peer rule ({peer, id, title, performance, reason, ours,
// examples: [{kind: 'bad'|'good', file, line?}]}) and <dir>/<peer>/<rule>/{bad,good}_<n>.py hold the code as published.
// A whole annotated file (a peer's corpus or fixture job) is a bad example of each rule it annotates, and each of
// its lines annotated as clean is a good example with `line` set: only findings on that line count against us.
//
// A bad example counts as caught when one of the rules mapped to it (`ours`) reports on it above hint level;
// hint-only catches are counted apart. A good example counts against us when any rule reports above hint.
// --classify re-runs every missed bad example twice, once with a pyspark import added and once with its unbound
// receivers bound to a read, to tell why it was missed (a diagnostic only: the figures use the examples as written).
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { fileURLToPath } from 'url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const SEVERITY_RANK = { hint: 0, information: 1, warning: 2, error: 3 };
const TARGETS = { rules: 0.9, bad: 0.8, good: 0.03 };

function fail(message) {
  process.stderr.write(`peer-parity: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { peers: undefined, misses: false, classify: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--peers') options.peers = argv[++i];
    else if (argv[i] === '--misses') options.misses = true;
    else if (argv[i] === '--classify') options.classify = true;
    else fail(`unknown argument "${argv[i]}" (expected --peers <dir>, --misses, --classify)`);
  }
  if (!options.peers) fail('--peers <dir> is required (the folder holding manifest.json and the examples)');
  return options;
}

/** Runs the CLI once over a folder; returns absolute path → findings. */
function analyse(folder) {
  const result = spawnSync(process.execPath, [cli, 'check', folder, '--format', 'json', '--include-hints'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) fail(`the CLI failed on ${folder} (exit ${result.status}):\n${result.stderr}`);
  const report = JSON.parse(result.stdout);
  for (const error of report.parseErrors ?? []) process.stderr.write(`peer-parity: parse error reported: ${JSON.stringify(error)}\n`);
  // The CLI prints paths relative to the working folder.
  return new Map(report.files.map((file) => [resolve(file.path), file.findings]));
}

/** A file the CLI leaves out of its report was not parsed (no Spark in it): nothing found, a miss for a bad example. */
let reported = 0;
function findingsIn(resultsByFolder, path) {
  for (const results of resultsByFolder) {
    if (!results.has(path)) continue;
    reported++;
    return results.get(path);
  }
  return [];
}

const aboveHint = (finding) => SEVERITY_RANK[finding.severity] > SEVERITY_RANK.hint;
const describe = (findings) => (findings.length ? findings.map((f) => `${f.ruleId}@${f.severity}`).join(', ') : 'nothing');
const percent = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');

function verdict(example, allFindings, ours) {
  const findings = example.line ? allFindings.filter((f) => f.line <= example.line && example.line <= (f.endLine ?? f.line)) : allFindings;
  const mapped = findings.filter((f) => (ours ?? []).includes(f.ruleId));
  if (example.kind === 'good') return findings.some(aboveHint) ? 'flagged' : 'clean';
  if (mapped.some(aboveHint)) return 'caught';
  return mapped.length ? 'hint-only' : 'missed';
}

// Names a snippet uses as a receiver before binding them itself (`df = df.filter(...)` uses `df` first), except
// modules and well-known non-DataFrames.
const NOT_DATAFRAMES = new Set(['F', 'f', 'T', 'pl', 'pd', 'np', 'plt', 'px', 'tk', 'dd', 'tf', 'spark', 'sc', 'Window', 'SparkSession', 'StorageLevel', 'self', 'super', 'x', 's', 'r', 'row', 'rows', 'items', 'text', 'data', 'dtypes', 'ax', 'fig', 'root', 'dataset', 'logger', 'logging', 'os', 'sys']);
function unboundReceivers(code) {
  const parameters = new Set();
  for (const m of code.matchAll(/\bdef\s+\w+\(([^)]*)\)/g)) for (const p of m[1].split(',')) parameters.add(p.trim().split(/[:=]/)[0]);
  const receivers = new Set([...code.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?:\s|\\)*\.[A-Za-z_]/g)].map((m) => m[1]));
  const lines = code.split('\n');
  const boundBeforeUse = (name) => {
    const uses = new RegExp(`(?<![\\w.])${name}\\b`);
    const first = lines.find((line) => uses.test(line.replace(/#.*/, '')));
    const assignment = first?.match(new RegExp(`^\\s*(?:for\\s+)?${name}\\s*(?:=(?!=)|\\bin\\b)(.*)`));
    return assignment !== null && assignment !== undefined && !uses.test(assignment[1]);
  };
  return [...receivers].filter((name) => !parameters.has(name) && !NOT_DATAFRAMES.has(name) && !boundBeforeUse(name));
}

const IMPORT_HEADER = 'from pyspark.sql import SparkSession\n';
function bindingHeader(code) {
  const lines = [IMPORT_HEADER.trimEnd(), 'import pyspark.sql.functions as F', 'from pyspark.sql.functions import *', 'spark = SparkSession.builder.getOrCreate()'];
  for (const name of unboundReceivers(code)) lines.push(`${name} = spark.read.parquet("/data/${name}")`);
  return `${lines.join('\n')}\n`;
}

/** Re-runs the missed bad examples with a pyspark import, then with their receivers bound to a read. */
function classifyMisses(misses) {
  const scratch = mkdtempSync(join(tmpdir(), 'peer-parity-'));
  try {
    const variants = { import: (code) => IMPORT_HEADER + code, bound: (code) => bindingHeader(code) + code };
    const caughtBy = {};
    for (const [name, rewrite] of Object.entries(variants)) {
      const folder = join(scratch, name);
      misses.forEach((miss, i) => {
        mkdirSync(join(folder, String(i)), { recursive: true });
        writeFileSync(join(folder, String(i), 'job.py'), rewrite(miss.code));
      });
      const results = analyse(folder);
      caughtBy[name] = misses.map((miss, i) => verdict(miss.example, results.get(join(folder, String(i), 'job.py')) ?? [], miss.rule.ours));
    }
    return misses.map((miss, i) => {
      if (!miss.rule.ours) return 'rule missing here';
      if (caughtBy.import[i] === 'caught') return 'no pyspark import: file not analysed as Spark code';
      if (caughtBy.bound[i] === 'caught') return 'DataFrame origin not visible (parameter or unbound name)';
      if (caughtBy.bound[i] === 'hint-only') return 'a hint by design even with the origin visible';
      return 'form not recognised, or deliberately not flagged (read the example)';
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const peersDir = resolve(options.peers);
  const manifestPath = join(peersDir, 'manifest.json');
  if (!existsSync(manifestPath)) fail(`no peer examples at ${peersDir} (expected ${manifestPath}); fetch them first, see the comment at the top of this script`);
  if (!existsSync(cli)) fail('dist/cli.js is missing; run `npm run build` first (this script builds nothing)');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const performanceRules = manifest.rules.filter((rule) => rule.performance);
  const peerFolders = [...new Set(performanceRules.flatMap((rule) => rule.examples.map((e) => e.file.split('/')[0])))];
  const resultsByFolder = peerFolders.map((peer) => analyse(join(peersDir, peer)));

  const totals = { rules: 0, rulesCatching: 0, bad: 0, caught: 0, hintOnly: 0, good: 0, flagged: 0, mappedBad: 0, mappedCaught: 0 };
  const misses = [];
  const falseAlarms = [];
  const withoutExamples = [];
  console.log('peer/rule                      ours                                   bad caught (hint-only) / n   good flagged / n');
  for (const rule of performanceRules) {
    const bad = rule.examples.filter((e) => e.kind === 'bad');
    const good = rule.examples.filter((e) => e.kind === 'good');
    if (!bad.length) {
      withoutExamples.push(`${rule.peer}/${rule.id}`);
      continue;
    }
    const counts = { caught: 0, hintOnly: 0, flagged: 0 };
    for (const example of rule.examples) {
      const path = join(peersDir, example.file);
      const findings = findingsIn(resultsByFolder, path);
      const outcome = verdict(example, findings, rule.ours);
      const onLine = example.line ? findings.filter((f) => f.line <= example.line && example.line <= (f.endLine ?? f.line)) : findings;
      const code = readFileSync(path, 'utf8');
      if (outcome === 'caught') counts.caught++;
      else if (outcome === 'flagged') {
        counts.flagged++;
        falseAlarms.push({ rule, example, code, findings: onLine });
      } else if (example.kind === 'bad') {
        if (outcome === 'hint-only') counts.hintOnly++;
        misses.push({ rule, example, code, findings });
      }
    }
    totals.rules++;
    totals.rulesCatching += counts.caught > 0 ? 1 : 0;
    totals.bad += bad.length;
    totals.caught += counts.caught;
    totals.hintOnly += counts.hintOnly;
    totals.good += good.length;
    totals.flagged += counts.flagged;
    if (rule.ours) {
      totals.mappedBad += bad.length;
      totals.mappedCaught += counts.caught;
    }
    const name = `${rule.peer}/${rule.id}`.padEnd(30);
    const ours = (rule.ours ?? ['—']).join(', ').slice(0, 38).padEnd(38);
    console.log(`${name} ${ours} ${String(counts.caught).padStart(3)} (${counts.hintOnly}) / ${String(bad.length).padEnd(12)} ${counts.flagged} / ${good.length}`);
  }

  if (reported === 0) fail('the CLI reported on none of the examples: paths in its JSON no longer match the examples');
  console.log(`\nperformance rules without published bad examples in ${peersDir}: ${withoutExamples.join(', ') || 'none'}`);
  console.log('\nissue 13 "done when" (examples as written; catches above hint only):');
  console.log(`  performance rules catching >= 1 bad example: ${totals.rulesCatching}/${totals.rules} = ${percent(totals.rulesCatching, totals.rules)} (target >= ${TARGETS.rules * 100}%)`);
  console.log(`  bad examples caught:                         ${totals.caught}/${totals.bad} = ${percent(totals.caught, totals.bad)} (target >= ${TARGETS.bad * 100}%); hint-only: ${totals.hintOnly}`);
  console.log(`    of rules mapped to ours:                   ${totals.mappedCaught}/${totals.mappedBad} = ${percent(totals.mappedCaught, totals.mappedBad)}`);
  console.log(`  good examples with a finding above hint:     ${totals.flagged}/${totals.good} = ${percent(totals.flagged, totals.good)} (target <= ${TARGETS.good * 100}%)`);
  for (const alarm of falseAlarms) console.log(`    flagged good ${alarm.example.file}${alarm.example.line ? `:${alarm.example.line}` : ''}: ${describe(alarm.findings)}`);

  const classes = options.classify ? classifyMisses(misses) : [];
  if (options.classify) {
    const counts = new Map();
    classes.forEach((c) => counts.set(c, (counts.get(c) ?? 0) + 1));
    console.log('\nmissed bad examples by cause (--classify):');
    for (const [cause, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${cause}`);
  }
  if (options.misses) {
    console.log('\nmissed bad examples:');
    misses.forEach((miss, i) => {
      console.log(`\n--- ${miss.example.file} (${miss.rule.peer}/${miss.rule.id} → ${(miss.rule.ours ?? ['no rule here']).join(', ')})${classes[i] ? ` [${classes[i]}]` : ''}`);
      console.log(miss.code.trimEnd().replace(/^/gm, '    '));
      console.log(`  we reported: ${describe(miss.findings)}`);
    });
  }
}

main();
