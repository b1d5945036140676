// The <nyt-inbox> component in headless Chromium, driven by playwright-core; run by InboxBrowserIT (nyt-local),
// which starts nyt, serves PAGE_URL from another origin and publishes to Kafka when this script asks:
//   stdout "PUBLISH" -> the test publishes one notification to Kafka -> stdin "published".
// Every step prints "STEP ..."; the first failure prints "FAIL ..." and exits 1.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import readline from "node:readline";

const { PAGE_URL, SCREENSHOT, CHROMIUM = "/usr/bin/chromium", LIVE_MESSAGE = "a live one" } = process.env;
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

const input = readline.createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => input.once("line", resolve));
const step = (what) => console.log(`STEP ${what}`);

/** Polls until check() is true, at most `ms`; the failure says what was awaited and what was seen last. */
async function until(what, check, ms = 20000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last === true) { return; }
    } catch (e) { last = e.message; }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

// CSS locators pierce open shadow roots, so these reach inside <nyt-inbox>
const inbox = (page) => page.locator("nyt-inbox");
const badgeShows = (page, text) => async () => {
  const badge = inbox(page).locator(".badge");
  if (text === null) { return (await badge.isHidden()) || `badge shows ${await badge.textContent()}`; }
  return (await badge.isVisible()) && (await badge.textContent()) === text || `badge: ${await badge.textContent()}`;
};

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "nyt-inbox-chromium-")), {
  executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 960, height: 620 },
});
const problems = [];
const watch = (page, name) => {
  page.on("crash", () => problems.push(`${name} crashed`));
  page.on("pageerror", (e) => problems.push(`${name}: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) { problems.push(`${name}: ${r.request().method()} ${r.url().replace(/access_token=[^&]+/, "access_token=***")} answered ${r.status()}`); } });
  // a stream or request cut by a reload or by the end of the test is aborted on purpose
  page.on("requestfailed", (r) => { if (r.failure()?.errorText !== "net::ERR_ABORTED") { problems.push(`${name}: ${r.method()} ${r.url().replace(/access_token=[^&]+/, "access_token=***")} failed: ${r.failure()?.errorText}`); } });
};
try {
  const first = context.pages()[0] ?? await context.newPage();
  watch(first, "first tab");
  step(`load ${PAGE_URL}`);
  await first.goto(PAGE_URL);
  if (new URL(PAGE_URL).origin === new URL(await inbox(first).getAttribute("api")).origin) {
    throw new Error("the page must come from another origin than the API");
  }

  step("the badge shows the unread count");
  await until("badge 2", badgeShows(first, "2"));
  await until("live", async () => (await inbox(first).getAttribute("data-live")) === "true");

  step("a notification published to Kafka appears live");
  console.log("PUBLISH");
  if ((await nextLine()) !== "published") { throw new Error("the test did not publish"); }
  await until("badge 3", badgeShows(first, "3"));
  await until("the new notification in the list",
    async () => (await inbox(first).locator("li", { hasText: LIVE_MESSAGE }).count()) === 1);

  step("a second tab of the same user");
  const second = await context.newPage();
  watch(second, "second tab");
  await second.goto(PAGE_URL);
  await until("badge 3 in the second tab", badgeShows(second, "3"));
  await until("second tab live", async () => (await inbox(second).getAttribute("data-live")) === "true");

  step("open the bell with the keyboard, mark all read");
  await inbox(first).locator(".bell").focus();
  await first.keyboard.press("Enter");
  await until("panel open", async () => inbox(first).locator(".panel").isVisible());
  if ((await inbox(first).locator(".bell").getAttribute("aria-expanded")) !== "true") { throw new Error("aria-expanded"); }
  await inbox(first).locator(".mark-all").click();
  await until("badge cleared", badgeShows(first, null)).catch(async (e) => {
    const probe = await first.evaluate(async () => {
      const el = document.querySelector("nyt-inbox");
      const r = await fetch(`${el.getAttribute("api")}/api/v1/notifications/counts`,
        { headers: { Authorization: `Bearer ${el.getAttribute("token")}` } });
      return `server ${r.status} ${await r.text()}; data-count ${el.dataset.count}, data-error ${el.dataset.error}`;
    });
    throw new Error(`${e.message}; ${probe}`);
  });

  step("the second tab follows live, without a reload");
  await until("badge cleared in the second tab", badgeShows(second, null));

  step("the state survives a reload");
  await first.reload();
  await until("live after the reload", async () => (await inbox(first).getAttribute("data-live")) === "true");
  await until("still no badge", badgeShows(first, null));
  await inbox(first).locator(".bell").click();
  await until("nothing unread", async () => (await inbox(first).locator("li.empty").count()) === 1);
  await inbox(first).locator('.tabs button[data-state="all"]').click();
  await until("three read in All", async () => (await inbox(first).locator("li.read").count()) === 3
    && (await inbox(first).locator("li.unread").count()) === 0);

  step("Escape closes the panel and returns to the bell");
  await first.keyboard.press("Escape");
  await until("panel closed", async () => inbox(first).locator(".panel").isHidden());
  await inbox(first).locator(".bell").click();
  await until("panel open again", async () => inbox(first).locator(".panel").isVisible());

  step(`screenshot ${SCREENSHOT}`);
  await first.screenshot({ path: SCREENSHOT });
  if (problems.length) { throw new Error(`errors in the page: ${problems.join("; ")}`); }
  console.log("PASS");
  await context.close();
  process.exit(0);
} catch (e) {
  console.log(`FAIL ${e.message}${problems.length ? ` (the page reported: ${problems.join("; ")})` : ""}`);
  await context.close().catch(() => {});
  process.exit(1);
}
