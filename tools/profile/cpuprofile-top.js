#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by
// package, and inclusive time of the functions matching an optional pattern.
// Usage: node tools/profile/cpuprofile-top.js <file.cpuprofile> [top=25] [inclusive-pattern]
// PROFILE_FROM / PROFILE_TO (seconds since the profile started) keep only that
// window, e.g. the benchmark's load phase without the process's start-up; with
// PROFILE_TIMELINE=1 it prints the busy share per 5 s to find that window.
const { readFileSync } = require('node:fs');

const [file, topArg, pattern] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top.js <file.cpuprofile> [top] [pattern]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const from = Number(process.env.PROFILE_FROM ?? 0) * 1e6;
const to = Number(process.env.PROFILE_TO ?? Infinity) * 1e6;
const isIdle = (id) => byId.get(id).callFrame.functionName === '(idle)';
const selfMicros = new Map();
const timeline = new Map();
let at = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  const bucket = Math.floor(at / 5e6) * 5;
  const [busy, all] = timeline.get(bucket) ?? [0, 0];
  timeline.set(bucket, [busy + (isIdle(id) ? 0 : delta), all + delta]);
  if (at >= from && at < to) selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
});
if (process.env.PROFILE_TIMELINE) console.log([...timeline].map(([s, [busy, all]]) => `${s}s:${Math.round((100 * busy) / all)}%`).join(' '));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const idle = [...selfMicros].filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id).callFrame.functionName)).reduce((a, [, t]) => a + t, 0);

const where = (cf) => {
  const url = cf.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:') || !url) return url || '(native)';
  return url.replace(/^.*\/(services|libs|workflows)\//, '$1/');
};
const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
const byFunction = new Map();
const byPackage = new Map();
const byCaller = new Map();
/** Native and node: frames are charged to the nearest package or file of ours that called them. */
const callerOf = (id) => {
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const place = where(byId.get(n).callFrame);
    if (place !== '(native)' && !place.startsWith('node:')) return place;
  }
  return where(byId.get(id).callFrame);
};
for (const [id, t] of selfMicros) {
  const cf = byId.get(id).callFrame;
  add(byFunction, `${cf.functionName || '(anonymous)'}  ${where(cf)}:${cf.lineNumber + 1}`, t);
  add(byPackage, where(cf), t);
  if (!['(idle)', '(program)', '(garbage collector)'].includes(cf.functionName)) add(byCaller, callerOf(id), t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${pct(idle)} idle/program/GC`);
print('self time by package or file', byPackage);
print('self time, native and node: frames charged to the package or file that called them', byCaller);
print('self time by function', byFunction);

if (pattern) {
  // Inclusive: a sample counts once for each distinct matching function on its stack.
  const inclusive = new Map();
  const re = new RegExp(pattern);
  for (const [id, t] of selfMicros) {
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const cf = byId.get(n).callFrame;
      const key = `${cf.functionName || '(anonymous)'}  ${where(cf)}:${cf.lineNumber + 1}`;
      if (re.test(key) && !seen.has(key)) {
        seen.add(key);
        add(inclusive, key, t);
      }
    }
  }
  print(`inclusive time of functions matching /${pattern}/`, inclusive);
}
