// Changes to the HTML that `redocly build-docs` writes, for a page that works wherever it is published.

/**
 * Drops the server-rendered copy of the page, so Redoc renders it in the browser with its hash router.
 *
 * build-docs prerenders with root-absolute links (`/consumer`, `/section/...`) whatever the options, and React's
 * hydration keeps the server's attributes: the sidebar then links to the domain root, which 404s in a new tab and
 * under a sub-path such as GitHub Pages' `/<repo>/`. Rendered in the browser, every link is a hash route
 * (`#/consumer`) that works from any address the page is served at.
 * @param {string} html
 */
export function renderInBrowser(html) {
  const start = html.indexOf('<div id="redoc">');
  const script = html.indexOf('<script type="module">', start);
  const prerendered = start === -1 || script === -1 ? "" : html.slice(start, script).trimEnd();
  if (!prerendered.endsWith("</div>")) {
    throw new Error('cannot find the prerendered <div id="redoc"> before Redoc\'s script: check the build-docs template');
  }
  return `${html.slice(0, start)}<div id="redoc"></div>\n      ${html.slice(script)}`;
}

// A favicon inline, so the browser does not ask the server for /favicon.ico (a 404 and a console error).
export const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='#1d4fc4'/>" +
      "<text x='8' y='12' font-family='sans-serif' font-size='10' font-weight='700' fill='#fff' text-anchor='middle'>" +
      "#</text></svg>",
  );

// Two accessibility fixes applied as Redoc renders (axe-core flags both as serious):
// - Redoc's example pickers are buttons named "Example" that show the example's title; a name without the visible
//   text fails WCAG 2.5.3 (label-content-name-mismatch), so they are named "<title> (Example)".
// - A wide Markdown table (the errors table on a narrow screen) scrolls inside its wrapper, which keyboard users can
//   reach only if it takes focus (scrollable-region-focusable).
const ACCESSIBILITY_SCRIPT = `<script>
new MutationObserver(function () {
  document.querySelectorAll("button[aria-haspopup=menu][aria-label]").forEach(function (button) {
    var label = button.dataset.pickerLabel || button.getAttribute("aria-label");
    var text = button.textContent.trim();
    if (!text || text === label) return;
    button.dataset.pickerLabel = label;
    var name = text + " (" + label + ")";
    if (button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
  });
  document.querySelectorAll(".md-table-wrapper:not([tabindex])").forEach(function (wrapper) {
    wrapper.setAttribute("tabindex", "0");
  });
}).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
</script>`;

/**
 * Adds the favicon, the theme's CSS and the accessibility fixes to the page's <head>.
 * @param {string} html
 * @param {string} css
 */
export function addToHead(html, css) {
  if (!html.includes("</head>")) throw new Error("the built page has no </head>: check the build-docs template");
  const head = [`<link rel="icon" type="image/svg+xml" href="${FAVICON}">`, `<style>\n${css}</style>`, ACCESSIBILITY_SCRIPT];
  return html.replace("</head>", `${head.join("\n")}\n</head>`);
}
