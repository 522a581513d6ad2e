import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startAppAndMock } from "./start.js";

// --no-sandbox lets Chromium run as root (CI containers); the rest keep it from calling home.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions"];

const PHONE = "+12025550123"; // new to the project: signing in signs it up
let app;
let browser;
before(async () => {
  app = await startAppAndMock();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

test("a user types their phone number, then the code they were texted, and is signed in", async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.getByLabel("Phone number").fill(PHONE);
  await page.getByRole("button", { name: "Text me a code" }).click();
  await page.getByText("Code sent").waitFor();
  await page.getByLabel("Code").fill(await app.control.waitForCode({ to: PHONE })); // read from the mock's outbox
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Signed in").waitFor();
  assert.equal(await page.getByRole("status").textContent(), "Signed in");
});
