// End-to-end test of the web workspace: starts the real `tact serve` on a fresh SQLite
// database, creates users with `tact users add`, and drives the UI in headless Chromium.
//
// Usage: node run.mjs --tact PATH/TO/tact [--artifacts DIR] [--chromium /usr/bin/chromium]
// Exits non-zero on the first failed step; a screenshot of the page at the failure is saved
// in the artifacts folder.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const TACT_ARG = arg('tact', process.env.TACT_BIN);
const TACT = TACT_ARG && path.resolve(TACT_ARG);
const ARTIFACTS = path.resolve(arg('artifacts', 'target/browser-artifacts'));
const CHROMIUM = arg('chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const TIMEOUT = 15_000;
// A server already running (with users `ana` and `lee` who have PASSWORD): skips starting one.
const BASE = arg('base', '');

if (!TACT && !BASE) {
  console.error('usage: node run.mjs --tact PATH/TO/tact [--artifacts DIR]');
  process.exit(2);
}
mkdirSync(ARTIFACTS, { recursive: true });

const dir = mkdtempSync(path.join(tmpdir(), 'tact-browser-'));
const DB = `sqlite://${path.join(dir, 'tact.db')}`;
const PASSWORD = 'correct horse battery staple';

function tact(args, input) {
  const r = spawnSync(TACT, ['--db', DB, ...args], { input, encoding: 'utf8', cwd: dir });
  if (r.error) throw new Error(`cannot run ${TACT}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`tact ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  }
  return r.stdout;
}

/** Start `tact serve` on a free port; resolves with {base, proc}. */
function serve(db = DB) {
  return new Promise((resolve, reject) => {
    const proc = spawn(TACT, ['--db', db, 'serve', '--addr', '127.0.0.1:0'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tact serve printed no address:\n${out}\n${err}`)), 20_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], proc, log: () => out + err, stderr: () => err });
      }
    });
    proc.stderr.on('data', (d) => {
      err += d;
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tact serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

let step = '';
function begin(name) {
  step = name;
  console.log(`• ${name}`);
}

const CUSTOMER =
  'This is the third time my order #4411 arrived late and I am really frustrated. ' +
  "I needed it for my daughter's birthday on Saturday. - Dana";
// Non-ASCII before the flagged phrase: byte offsets from the API differ from string indices.
const REPLY_START = 'Hi Zoë — I’m so sorry for any inconvenience. ';
const REPLY_END = "I'll call you tomorrow to confirm the new delivery date.";
const FLAGGED = 'so sorry for any inconvenience';

/** Poll `fn` until it returns something truthy, for up to `ms`. */
async function until(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let server;
let firstRun;
let browser;
let page;
const problems = [];

try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A Content-Security-Policy violation or a script error is a failure.
    if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) problems.push(`console: ${m.text()}`);
  });

  let base = BASE;
  if (!base) {
    begin('first run: `tact serve` prints the admin password; the admin signs in');
    firstRun = await serve(`sqlite://${path.join(dir, 'first.db')}`);
    const m = await until(
      () => firstRun.stderr().match(/first run[^\n]*password\W*([A-Za-z0-9_-]{8,})/i),
      10_000,
      'the first-run password on stderr',
    );
    await page.goto(firstRun.base);
    await signIn(page, 'admin', m[1]);
    assert.match(await page.getByTestId('who').innerText(), /admin/);
    assert.equal(await page.getByRole('link', { name: 'Dashboard' }).count(), 1, 'admins see the dashboard');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Login').waitFor();
    firstRun.proc.kill();
    firstRun = null;

    begin('create an agent and a lead with `tact users add`');
    tact(['users', 'add', 'ana', '--team', 'support', '--role', 'agent', '--name', 'Ana Agent'], `${PASSWORD}\n`);
    tact(['users', 'add', 'lee', '--team', 'support', '--role', 'lead', '--name', 'Lee Lead'], `${PASSWORD}\n`);
    tact(['users', 'add', 'ada', '--team', 'support', '--role', 'admin', '--name', 'Ada Admin'], `${PASSWORD}\n`);

    begin('start `tact serve` on a free port');
    server = await serve();
    base = server.base;
    console.log(`  ${base}`);
  }

  begin('an unknown user is told so in the banner');
  await page.goto(base);
  await page.getByLabel('Login').fill('nobody');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('error').waitFor();
  assert.match(await page.getByTestId('error').innerText(), /401/);

  begin('the agent signs in');
  await signIn(page, 'ana');
  assert.match(await page.getByTestId('who').innerText(), /Ana Agent/);
  assert.equal(await page.getByRole('link', { name: 'Dashboard' }).count(), 0, 'agents see no dashboard');

  begin('open a case from a pasted message and see its triage');
  await page.getByTestId('new-message').fill(CUSTOMER);
  await page.getByTestId('open-case').click();
  await page.waitForURL(/#\/cases\/\d+$/);
  const caseUrl = page.url();
  const triage = page.getByTestId('triage');
  await triage.waitFor();
  const feelings = await page.getByTestId('feelings').innerText();
  assert.match(feelings, /frustration/i, `feelings: ${feelings}`);
  assert.match(feelings, /\d+%/, 'feelings carry an intensity');
  const reasons = await page.getByTestId('urgency-reasons').innerText();
  assert.match(reasons, /repeated contact/, `urgency reasons: ${reasons}`);
  const plan = await page.getByTestId('plan').innerText();
  assert.match(plan, /apology/i, `plan: ${plan}`);

  begin('type a reply and see the stock apology flagged in place');
  const reply = page.getByTestId('reply');
  await reply.click();
  await reply.pressSequentially(REPLY_START + REPLY_END, { delay: 5 });
  const mark = page.locator('.mirror mark');
  await mark.first().waitFor();
  const marked = await mark.allInnerTexts();
  assert.ok(marked.some((t) => t.includes(FLAGGED)), `underlined: ${JSON.stringify(marked)}`);
  // The mark covers exactly the flagged words though "ë", "—" and "’" take more bytes.
  const generic = page.locator('.finding[data-rule="generic"]');
  await generic.waitFor();
  assert.match(await generic.innerText(), /boilerplate/);
  const scoreBefore = Number(await page.getByTestId('score').innerText());
  assert.ok(Number.isInteger(scoreBefore), `score: ${scoreBefore}`);
  assert.match(await page.getByTestId('present').innerText(), /follow up/);

  begin('hovering the underline explains the finding');
  const box = await mark.filter({ hasText: 'inconvenience' }).first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = page.locator('.hover-tip');
  await tip.waitFor({ state: 'visible' });
  assert.match(await tip.innerText(), /boilerplate/);
  assert.match(await tip.innerText(), /Personalize/, 'the rubric reason shows too');

  begin('one click applies the fix; the flag goes and the score changes');
  await generic.getByTestId('fix').click();
  await page.waitForFunction(() => !document.querySelector('.finding[data-rule="generic"]') && !document.querySelector('.composer.stale'));
  const fixed = await reply.inputValue();
  assert.ok(!fixed.includes('for any inconvenience'), `text after the fix: ${fixed}`);
  assert.ok(fixed.startsWith('Hi Zoë — I’m '), `text before the span kept: ${fixed}`);
  assert.ok(fixed.endsWith(REPLY_END), `text after the span kept: ${fixed}`);
  const scoreAfter = Number(await page.getByTestId('score').innerText());
  assert.notEqual(scoreAfter, scoreBefore, 'the score changes with the fix');
  assert.ok(scoreAfter > scoreBefore, `score ${scoreBefore} → ${scoreAfter}`);
  console.log(`  score ${scoreBefore} → ${scoreAfter}`);

  begin('live feedback: a check as the browser times it');
  // The composer's own checks (Resource Timing: request start to last byte), then 30 more of the
  // same text from the page, one after another, timed the same way.
  const timings = await page.evaluate(async (text) => {
    const seen = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/api/v1/check'))
      .map((e) => e.responseEnd - e.startTime);
    const more = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const res = await fetch('/api/v1/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      await res.json();
      if (!res.ok) throw new Error(`check answered ${res.status}`);
      more.push(performance.now() - t0);
    }
    return { composer: seen, more };
  }, fixed);
  assert.ok(timings.composer.length >= 1, 'the composer checked as the agent typed');
  const sorted = [...timings.composer, ...timings.more].sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(
    `  ${sorted.length} checks: median ${pct(0.5).toFixed(1)} ms, p90 ${pct(0.9).toFixed(1)} ms, slowest ${sorted.at(-1).toFixed(1)} ms`,
  );
  writeFileSync(
    path.join(ARTIFACTS, 'check-timings.json'),
    JSON.stringify({ checks: sorted.length, median_ms: pct(0.5), p90_ms: pct(0.9), max_ms: sorted.at(-1), ...timings }, null, 1),
  );

  begin('send the reply; its promise becomes a follow-up');
  await page.getByTestId('send').click();
  const timeline = page.getByTestId('timeline');
  await timeline.locator('.tl-message.outbound').waitFor();
  assert.match(await timeline.locator('.tl-message.outbound').innerText(), /call you tomorrow/);
  const followups = page.getByTestId('case-followups');
  await followups.getByTestId('followup-text').first().waitFor();
  const promise = await followups.getByTestId('followup-text').first().innerText();
  assert.match(promise, /call you tomorrow/i, `follow-up: ${promise}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'case.png'), fullPage: true });

  begin('“Draft for me” writes a checked reply from the case');
  await page.getByTestId('draft').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="reply"]').value.trim().length > 20);
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="score"]').textContent));
  const draft = await page.getByTestId('reply').inputValue();
  assert.ok(!draft.includes('for any inconvenience'), `draft: ${draft}`);

  begin('the follow-up is listed among the agent’s promises');
  await page.getByRole('link', { name: 'Follow-ups' }).click();
  // Due tomorrow afternoon: maybe not yet within the 24 hours of the "due" view.
  await page.getByTestId('followups').or(page.getByTestId('no-followups')).waitFor();
  await page.getByRole('combobox', { name: 'Which' }).selectOption('all');
  await page.waitForURL(/state=all/);
  await page.getByTestId('followups').waitFor();
  assert.match(await page.getByTestId('followups').innerText(), /call you tomorrow/i);

  begin('marking the follow-up done keeps the promise');
  await page.getByRole('button', { name: /Mark done: I'll call you tomorrow/ }).click();
  await page.locator('.followup .state-kept').waitFor();
  assert.equal(await page.getByRole('button', { name: /Mark done/ }).count(), 0);

  begin('the agent signs out; the lead signs in');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Login').waitFor();
  await signIn(page, 'lee');

  begin('the lead stars the reply as exemplary');
  await page.goto(caseUrl);
  await page.getByTestId('star').click();
  await page.getByLabel('Note for the exemplary reply').fill('Owns the delay and names the next step');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.badge.starred').waitFor();
  await page.getByRole('link', { name: 'Exemplary replies' }).click();
  const exemplars = page.getByTestId('exemplars');
  await exemplars.waitFor();
  assert.match(await exemplars.innerText(), /Owns the delay/);
  assert.match(await exemplars.innerText(), /call you tomorrow/);

  begin('the lead dashboard draws the team report');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByTestId('agents').waitFor();
  const charts = await page.locator('svg.chart').count();
  assert.ok(charts >= 8, `charts drawn: ${charts}`);
  assert.match(await page.getByTestId('agents').innerText(), /ana/);
  const bars = await page.locator('svg.chart rect.bar').count();
  assert.ok(bars > 0, 'the score chart has bars');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });

  if (!BASE) {
    begin('an admin sees every team side by side');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Login').waitFor();
    await signIn(page, 'ada');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const teams = page.getByTestId('teams');
    await teams.waitFor();
    const rows = await teams.locator('tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => /^support\s+1\s+1\b/.test(r)), `team rows: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => /^default\b/.test(r)), `team rows: ${JSON.stringify(rows)}`);
  }

  begin('no script error and no policy violation');
  assert.deepEqual(problems, []);
  console.log(`ok: all steps passed; screenshots in ${ARTIFACTS}`);
} catch (e) {
  console.error(`FAILED at “${step}”:\n${e.stack || e}`);
  if (problems.length) console.error(`browser problems:\n  ${problems.join('\n  ')}`);
  if (page) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => {});
    console.error(`screenshot: ${path.join(ARTIFACTS, 'failure.png')}`);
  }
  if (server) console.error(`server log:\n${server.log()}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.proc.kill();
  if (firstRun) firstRun.proc.kill();
  rmSync(dir, { recursive: true, force: true });
}

async function signIn(p, login, password = PASSWORD) {
  await p.getByLabel('Login').fill(login);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByTestId('who').waitFor();
}
