// Finds the URLs a page would fetch by itself when opened, as opposed to links a reader may click.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

// Each pattern captures a stretch of the page in which every absolute URL is loaded without a click: an element's
// src as an HTML attribute or as a prop in the inlined Redoc bundle (where it may be a conditional expression such
// as src:full?`https://a`:`https://b`), a <link> (stylesheet, preload, icon), a CSS url() or @import.
const FETCH_PATTERNS = [
  /\bsrc\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi,
  /\bsrc\s*:([^,;}]{0,300})/g,
  /<link\b[^>]*\bhref\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi,
  /\burl\(\s*["']?(https?:\/\/[^"')\s]+)/gi,
  /@import\s+["'](https?:\/\/[^"']+)/gi,
];
const URL_PATTERN = /https?:\/\/[^\s"'`<>(),;{}]+/g;

/** @param {string} url */
export function isLoopback(url) {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * @param {string} html
 * @returns {string[]} the non-loopback URLs the page would fetch, sorted and without repeats
 */
export function findExternalFetches(html) {
  const urls = new Set();
  for (const pattern of FETCH_PATTERNS) {
    for (const [, stretch = ""] of html.matchAll(pattern)) {
      for (const [url] of stretch.matchAll(URL_PATTERN)) {
        if (!isLoopback(url)) urls.add(url);
      }
    }
  }
  return [...urls].sort();
}
