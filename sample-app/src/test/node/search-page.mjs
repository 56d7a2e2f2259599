// Drives the sample app's search page in headless Chromium (playwright-core with the system's chromium):
// adds a document, searches for it, reads the ranked hits, takes a screenshot, and prints what it saw as one
// JSON object on stdout (the JUnit test SearchPageBrowserIT checks it).
//
//   node search-page.mjs <baseUrl> <screenshot.png> <document text> <query> [apiKey]
// With an apiKey every request of the page carries 'Authorization: Bearer <apiKey>' (the page itself is not public
// unless app.security.public-page=true).
// CHROMIUM_PATH overrides /usr/bin/chromium.
import { chromium } from 'playwright-core';

const [baseUrl, screenshot, documentText, query, apiKey] = process.argv.slice(2);
if (!query) {
  console.error('usage: node search-page.mjs <baseUrl> <screenshot.png> <document text> <query>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false, // CI runs as root
  // playwright gives every launch a fresh temporary profile (user data dir)
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({
    viewport: { width: 1000, height: 900 },
    extraHTTPHeaders: apiKey ? { Authorization: 'Bearer ' + apiKey } : {},
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  page.setDefaultTimeout(30_000);

  await page.goto(baseUrl + '/');
  await page.waitForSelector('body[data-ready="true"]');
  const banner = {
    visible: await page.isVisible('#offline-banner'),
    text: await page.textContent('#offline-banner'),
  };
  const modelLine = await page.textContent('#model-line');

  await page.fill('#doc-text', documentText);
  await page.fill('#doc-source', 'search page');
  await page.click('#add-button');
  await page.waitForFunction(() => {
    const status = document.getElementById('add-status').textContent;
    return status !== '' && status !== 'Adding…';
  });
  const addStatus = await page.textContent('#add-status');

  await page.fill('#query', query);
  await page.fill('#k', '3');
  await page.click('#search-button');
  await page.waitForSelector('#results li.hit');
  const hits = await page.$$eval('#results li.hit', (items) => items.map((li) => ({
    id: li.dataset.id,
    text: li.querySelector('.text').textContent,
    score: Number(li.querySelector('.score').textContent),
    metadata: li.querySelector('.meta') ? li.querySelector('.meta').textContent : null,
  })));
  const searchStatus = await page.textContent('#search-status');

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ banner, modelLine, addStatus, searchStatus, hits, pageErrors }));
} finally {
  await browser.close();
}
