{{ canvas_js }}

// Names and styles from Python, as one JSON object.
const CONFIG = {{ config }};
const mounts = new WeakMap();
let ownSheet = null;

// The canvas's styles (canvas.css and streamlit-canvas.css, which also style
// vis-network's tooltip), once, on the canvas's shadow root.
function adoptStyles(parentElement) {
  const root = parentElement.getRootNode();
  if (!("adoptedStyleSheets" in root)) return;
  if (ownSheet === null) {
    ownSheet = new CSSStyleSheet();
    ownSheet.replaceSync(CONFIG.styles);
  }
  if (!root.adoptedStyleSheets.includes(ownSheet)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, ownSheet];
  }
}

// A click that opens Explore (Compare's canvas) is one step through the browser's
// history: the new address is pushed and announced as history navigation, which
// Streamlit follows with one run of the page its path names, reading the query. Told to
// Python instead, the click would switch the page and write the query apart: two steps,
// and Back would land on the old view with the new query.
function openInExplore(param, selection) {
  const query = new URLSearchParams(window.location.search);
  query.set(param, selection.id);
  const explore = new URL(".", window.location.href).pathname;
  window.history.pushState({}, "", explore + "?" + query.toString());
  window.dispatchEvent(new PopStateEvent("popstate"));
}

function draw(mount) {
  const library = window.crampAtlasVis;
  const { parentElement, data, setTriggerValue } = mount.latest;
  adoptStyles(parentElement);
  const hooks = {
    legend: mount.legend,
    keyboard: true,
    onSelect: data.exploreParam
      ? (selection) => openInExplore(String(data.exploreParam), selection)
      : (selection) => setTriggerValue(CONFIG.selectEvent, selection),
  };
  mount.host.style.height = String(Number(data.height) || 650) + "px";
  mount.host.setAttribute("data-key", String(data.key));
  if (mount.canvas === null) {
    mount.canvas = createAtlasCanvas(library.vis, mount.host, data.payload, hooks);
  } else {
    mount.canvas.setHooks(hooks);
    mount.canvas.update(data.payload);
  }
  window.atlasCanvases = window.atlasCanvases || {};
  window.atlasCanvases[String(data.key)] = mount.canvas;
  window.atlasCanvas = mount.canvas;
  if (data.reportDrawn) reportDrawn(mount);
}

// Tell Python, once per mount, that the graph is on the screen (its first frame): a page
// that sent only the graph then sends the rest in the rerun this causes. Should the graph
// never draw, the rest of the page still comes after DRAWN_FALLBACK_MS.
const DRAWN_FALLBACK_MS = 4000;
function reportDrawn(mount) {
  if (mount.reported) return;
  mount.reported = true;
  let sent = false;
  const send = () => {
    if (sent) return;
    sent = true;
    mount.latest.setTriggerValue(CONFIG.drawnEvent, true);
  };
  if (mount.host.getAttribute("data-ready") === "true") send();
  else {
    window.setTimeout(send, DRAWN_FALLBACK_MS);
    mount.canvas.network.once("afterDrawing", send);
  }
}

export default function (component) {
  const { parentElement, data } = component;
  if (!data || !data.payload) return undefined;
  let mount = mounts.get(parentElement);
  if (mount === undefined) {
    const root = document.createElement("div");
    root.className = "atlas-root";
    const legend = document.createElement("div");
    legend.className = "atlas-legend";
    legend.setAttribute("aria-label", "Legend");
    const host = document.createElement("div");
    host.className = "atlas-canvas";
    host.setAttribute("data-testid", "atlas-canvas");
    root.append(legend, host);
    parentElement.appendChild(root);
    mount = {
      host: host, legend: legend, canvas: null, latest: null, waiting: false, reported: false,
    };
    mounts.set(parentElement, mount);
  }
  // The latest data wins: a payload that arrives before vis-network does is drawn when
  // the library element has run, and only the newest one.
  mount.latest = component;
  if (window.crampAtlasVis) {
    draw(mount);
  } else if (!mount.waiting) {
    mount.waiting = true;
    window.addEventListener(CONFIG.libraryEvent, () => {
      mount.waiting = false;
      if (mounts.get(parentElement) === mount) draw(mount);
    }, { once: true });
  }
  const current = mount;
  // Streamlit calls this before every redraw with new data and when the element goes
  // away; only the second (the element left the page) ends the network.
  return () => {
    setTimeout(() => {
      if (!parentElement.isConnected && mounts.get(parentElement) === current) {
        mounts.delete(parentElement);
        if (current.canvas === null) return;
        current.canvas.destroy();
        const key = String(data.key);
        if (window.atlasCanvases && window.atlasCanvases[key] === current.canvas) {
          delete window.atlasCanvases[key];
        }
      }
    }, 0);
  };
}
