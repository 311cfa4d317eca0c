// Open HTML files in one headless Chromium and report, for each, what axe-core finds at the WCAG 2.1
// A and AA levels, and the text of <main> as the browser lays it out (innerText), with each list
// item's marker (its number or bullet, as the browser draws it) before its text.
// Usage: node browser.mjs CHROMIUM FILE...   Prints one JSON array to stdout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const [executable, ...files] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'handoutkit-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: executable,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
  viewport: { width: 1000, height: 1400 },
});
// axe-core goes into each page before it loads, as a script of the browser's (the page's own
// document.scripts stays as the file has it); two pages at a time, one for each core.
await context.addInitScript({ content: axeSource });
const results = new Array(files.length);
let next = 0;
async function worker() {
  const page = await context.newPage();
  while (next < files.length) {
    const index = next++;
    results[index] = await check(page, files[index]);
  }
  await page.close();
}
try {
  await Promise.all([worker(), worker()]);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results));

async function check(page, file) {
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const text = await page.evaluate(markedText);
  const scripts = await page.evaluate(() => document.scripts.length);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, TAGS);
  return { file, scripts, violations, text };
}

// Runs in the page: main's innerText, each <li> opened by its marker as drawn (none for list-style: none).
function markedText() {
  const roman = (n) => [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
    .reduce((out, [value, letters]) => { while (n >= value) { out += letters; n -= value; } return out; }, '');
  const main = document.querySelector('main').cloneNode(true);
  document.body.appendChild(main);  // laid out, so that its innerText and styles are as shown
  const originals = document.querySelectorAll('main')[0].querySelectorAll('li');
  main.querySelectorAll('li').forEach((li, index) => {
    const type = getComputedStyle(originals[index]).listStyleType;
    const number = Array.from(li.parentElement.children).indexOf(li) + 1;
    let marker = '';
    if (type === 'decimal') marker = `${number}.`;
    else if (type === 'lower-alpha' || type === 'lower-latin') marker = `${String.fromCharCode(96 + number)}.`;
    else if (type === 'lower-roman') marker = `${roman(number)}.`;
    else if (type === 'disc') marker = '\u2022';
    else if (type.startsWith('"')) marker = JSON.parse(type).trim();
    if (marker) li.insertBefore(document.createTextNode(`${marker} `), li.firstChild);
  });
  const text = main.innerText;
  main.remove();
  return text;
}
