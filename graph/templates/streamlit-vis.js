// vis-network (pyvis' bundled copy), for every Cramp Atlas canvas on the page. Its 220 KB
// stylesheet (mostly pictures for controls the canvas does not use) stays behind: the
// canvas brings the few rules it needs (canvas.css). This element never changes, so
// Streamlit sends it whole once per session and, on every later rerun, only its hash
// (the browser keeps the message); the canvas element carries just the graph.
const vis = (function () {
  // vis-network ships as UMD: a CommonJS-style `module` keeps it off globalThis.
  const module = { exports: {} };
  const exports = module.exports;
{{ vis_js }}
  return module.exports;
})();

const CONFIG = {{ config }};

export default function (component) {
  // An element of its own that shows nothing: take it out of the layout first, so that
  // it leaves no gap above the canvas and nothing moves once the canvas is drawn.
  const root = component.parentElement.getRootNode();
  const container = root.host && root.host.closest('[data-testid="stElementContainer"]');
  if (container) container.style.display = "none";
  if (!window.crampAtlasVis) {
    window.crampAtlasVis = { vis: vis };
    window.dispatchEvent(new Event(CONFIG.libraryEvent));
  }
  return undefined;
}
