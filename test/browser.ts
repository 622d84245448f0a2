/**
 * A real browser for the UI tests: Debian's chromium (installed by .ci/run) driven by
 * playwright-core. The flags keep it from reaching for the network this machine does not have;
 * playwright gives each launch a fresh temporary profile.
 */
import { type Browser, chromium, type Page } from "playwright-core";

export const chromiumPath = process.env.ARGOSY_CHROMIUM ?? "/usr/bin/chromium";

const flags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });
}

export interface TestBrowser {
  browser: Browser;
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await launchChromium();
  return {
    browser,
    newPage: async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(20_000);
      return page;
    },
    close: () => browser.close(),
  };
}
