// Changes to the HTML that `redocly build-docs` writes, for a page that works wherever it is published.

/**
 * Keeps the server-rendered copy of the page, with its links made hash routes, so the page is readable before
 * Redoc's script runs and every link works from any address the page is served at.
 *
 * build-docs prerenders with root-absolute links (`/consumer`, `/section/...`) whatever the options, which 404 in a
 * new tab and under a sub-path such as GitHub Pages' `/<repo>/`. In the browser, Redoc renders the same links as
 * hash routes (`#/consumer`), so rewriting them here gives the markup Redoc hydrates without a mismatch.
 * @param {string} html
 */
export function prerenderWithHashRoutes(html) {
  const start = html.indexOf('<div id="redoc">');
  const script = html.indexOf('<script type="module">', start);
  const prerendered = start === -1 || script === -1 ? "" : html.slice(start, script).trimEnd();
  if (!prerendered.endsWith("</div>")) {
    throw new Error('cannot find the prerendered <div id="redoc"> before Redoc\'s script: check the build-docs template');
  }
  // `/x` but not `//host/x`: only the page's own routes.
  const hashRoutes = prerendered.replace(/ href="\/(?!\/)/g, ' href="#/');
  return `${html.slice(0, start)}${hashRoutes}\n      ${html.slice(script)}`;
}

// Redoc hydrates its whole page in one task of several hundred milliseconds (seconds on a phone), during which the
// page ignores input. Inside a transition, React hydrates in slices of a few milliseconds and yields to input in
// between. Redoc exposes no option for this, so the build wraps the call, and fails if the call changes.
const HYDRATE_CALL = /\(0,(\w+)\.hydrateRoot\)\(\w+,\w+\(\w+,\w+\),\{onRecoverableError:[^}]*\}\}\)/g;
const REACT_NAMESPACE = /\(0,(\w+)\.createElement\)\(\w+\.Provider/;

/** @param {string} renderer Redoc's bundle */
function hydrateInTransition(renderer) {
  const calls = [...renderer.matchAll(HYDRATE_CALL)];
  const react = REACT_NAMESPACE.exec(renderer)?.[1];
  if (calls.length !== 1 || !react || !renderer.includes(`(0,${react}.startTransition)(`)) {
    throw new Error("cannot find Redoc's single hydrateRoot call and its React: check the Redoc bundle");
  }
  const call = calls[0]?.[0] ?? "";
  return renderer.replace(call, () => `(0,${react}.startTransition)(()=>{${call}})`);
}

// What makes the page start Redoc: the reader doing anything but reading (a tap, a click, a key, focus moving in)
// or navigating to another route. A link that opens a route (`#/consumer/...`) starts it at once.
const START_EVENTS = ["pointerdown", "keydown", "touchstart", "focusin", "hashchange"];

/**
 * Moves Redoc's inline module (about 2.3 MB: the renderer, then the contract and the call that renders it) into
 * two files, downloaded in parallel with the page, compiled off the main thread and cached: the renderer, which
 * changes only with Redocly's version, and the contract with Redoc's options, which change with the spec. Both
 * names carry a hash of their content, so they can be cached for good.
 *
 * A small inline loader runs them. On a route other than the landing page it starts Redoc at once; on the landing
 * page, whose prerendered HTML is complete and readable, it preloads them once the page is idle and starts Redoc when
 * the reader first interacts with the page, so the 0.5 to 2 s of script evaluation and hydration (seconds more on a
 * phone) never delay the first paint nor compete with it.
 * @param {string} html
 * @param {(content: string) => string} hash
 * @param {string} name what the document's file is named after: `<name>.<hash>.js`
 * @returns {{ html: string, files: Map<string, string> }}
 */
export function splitRedocScript(html, hash, name) {
  const open = '<script type="module">';
  const start = html.indexOf(open);
  const end = html.indexOf("</script>", start);
  const source = start === -1 || end === -1 ? "" : html.slice(start + open.length, end);
  const definitionAt = source.indexOf("const __redoc_definition");
  const optionsAt = source.indexOf("const __redoc_options");
  const callAt = source.indexOf("hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));");
  const exportLine = /export\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}\s*;?\s*$/.exec(source.slice(0, definitionAt));
  if (definitionAt === -1 || optionsAt < definitionAt || callAt < optionsAt || !exportLine) {
    throw new Error("cannot split Redoc's inline script into renderer, contract and call: check the build-docs template");
  }
  const renderer = hydrateInTransition(source.slice(0, definitionAt).trim());
  const rendererFile = `redoc.${hash(renderer)}.js`;
  const contract = `${source.slice(definitionAt, callAt).trim()}\nexport { __redoc_definition, __redoc_options };\n`;
  const contractFile = `${name}.${hash(contract)}.js`;
  const loader = `<script type="module">
const landing = () => location.hash.replace(/^#\\/?/, "") === "";
const start = () => {
  for (const type of ${JSON.stringify(START_EVENTS)}) removeEventListener(type, start, true);
  Promise.all([import("./${rendererFile}"), import("./${contractFile}")]).then(([redoc, page]) => {
    const root = document.getElementById("redoc");
    // The prerendered HTML is the landing page: Redoc hydrates it there, and renders any other route afresh.
    if (!landing()) root.replaceChildren();
    return redoc.hydrate(page.__redoc_definition, page.__redoc_options, root);
  });
};
// On the landing page, the browser fetches and compiles both files once the page has loaded and is idle (off the
// critical path: nothing competes with the page's own bytes), so the first interaction need not download them.
const preload = () => {
  for (const file of ["./${rendererFile}", "./${contractFile}"]) {
    document.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload", href: file }));
  }
};
if (!landing()) start();
else {
  for (const type of ${JSON.stringify(START_EVENTS)}) addEventListener(type, start, { capture: true, passive: true });
  addEventListener("load", () => (window.requestIdleCallback ?? setTimeout)(preload));
}
</script>`;
  return {
    html: `${html.slice(0, start)}${loader}${html.slice(end + "</script>".length)}`,
    files: new Map([
      [rendererFile, renderer],
      [contractFile, contract],
    ]),
  };
}

// A favicon inline, so the browser does not ask the server for /favicon.ico (a 404 and a console error).
export const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='#1d4fc4'/>" +
      "<text x='8' y='12' font-family='sans-serif' font-size='10' font-weight='700' fill='#fff' text-anchor='middle'>" +
      "#</text></svg>",
  );

// Accessibility fixes applied as Redoc renders (and to the prerendered page), for what axe-core flags and a
// stylesheet cannot fix:
// - Redoc's example pickers are buttons named "Example" that show the example's title; a name without the visible
//   text fails WCAG 2.5.3 (label-content-name-mismatch), so they are named "<title> (Example)".
// - A wide Markdown table (the errors table on a narrow screen) scrolls inside its wrapper, which keyboard users can
//   reach only if it takes focus (scrollable-region-focusable).
// - The sidebar is a list of links outside any landmark (region): it becomes the page's navigation.
// - An operation's view starts at an <h2> and goes on with <h4>s (page-has-heading-one, heading-order): the first
//   heading of the content is announced as level 1, and no heading more than one level below the one before it.
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
  document.querySelectorAll(".menu-content:not([role])").forEach(function (menu) {
    menu.setAttribute("role", "navigation");
    menu.setAttribute("aria-label", "API reference");
  });
  var previous = 0;
  document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6").forEach(function (heading) {
    var own = Number(heading.tagName.charAt(1));
    var level = previous === 0 ? 1 : Math.min(own, previous + 1);
    if (level === own) heading.removeAttribute("aria-level");
    else if (heading.getAttribute("aria-level") !== String(level)) heading.setAttribute("aria-level", String(level));
    previous = level;
  });
}).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
</script>`;

/** Text for an HTML attribute value in double quotes. @param {string} text */
export const escapeAttribute = (text) =>
  text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * Adds the description (what search engines show), the favicon, the theme's CSS and the accessibility fixes to
 * the page's <head>.
 * @param {string} html
 * @param {string} css
 * @param {string} description
 */
export function addToHead(html, css, description) {
  if (!html.includes("</head>")) throw new Error("the built page has no </head>: check the build-docs template");
  const head = [
    `<meta name="description" content="${escapeAttribute(description)}">`,
    `<link rel="icon" type="image/svg+xml" href="${FAVICON}">`,
    `<style>\n${css}</style>`,
    ACCESSIBILITY_SCRIPT,
  ];
  return html.replace("</head>", `${head.join("\n")}\n</head>`);
}
