// Names from Python, as one JSON object.
const CONFIG = {{ config }};
// The Curate view's article: sentence by sentence, known nodes marked, and a mouse (or
// Shift+arrow) selection reported to Python as "START-END", offsets into the source text.
const mounts = new WeakMap();

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// Characters from the start of `sentence` to the point (container, offset).
function lengthTo(sentence, container, offset) {
  const range = document.createRange();
  range.setStart(sentence, 0);
  range.setEnd(container, offset);
  return range.toString().length;
}

// The selection as offsets into the source text, or null when nothing of it is selected.
function selectedSpan(mount) {
  const root = mount.root.getRootNode();
  const selection = typeof root.getSelection === "function" ? root.getSelection() : document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  let start = null;
  let end = null;
  mount.sentences.forEach((sentence) => {
    if (!range.intersectsNode(sentence)) return;
    const base = Number(sentence.dataset.start);
    const from = sentence.contains(range.startContainer)
      ? lengthTo(sentence, range.startContainer, range.startOffset)
      : 0;
    const to = sentence.contains(range.endContainer)
      ? lengthTo(sentence, range.endContainer, range.endOffset)
      : sentence.textContent.length;
    if (start === null) start = base + from;
    end = base + to;
  });
  return start !== null && end > start ? [start, end] : null;
}

function report(mount) {
  const span = selectedSpan(mount);
  if (span === null || mount.latest === undefined) return;
  const value = `${span[0]}-${span[1]}`;
  mount.root.setAttribute("data-selection", value);
  mount.latest.setTriggerValue(CONFIG.selectEvent, value);
}

function create(parent) {
  const root = element("div", "curate-article");
  root.setAttribute("data-testid", "curate-article");
  const hint = element(
    "p",
    "curate-hint",
    "Select words of the article with the mouse to quote them in a new claim (Shift and the arrow keys extend a selection)."
  );
  const scroll = element("div", "curate-scroll");
  scroll.setAttribute("data-testid", "curate-article-scroll");
  scroll.tabIndex = 0;
  root.append(hint, scroll);
  parent.append(root);
  const mount = { root, scroll, sentences: [], signature: null };
  scroll.addEventListener("mouseup", () => report(mount));
  scroll.addEventListener("keyup", (event) => {
    if (event.shiftKey) report(mount);
  });
  return mount;
}

function build(mount, sentences) {
  const rows = sentences.map((sentence) => {
    const row = element("div", "curate-row");
    const number = element("span", "curate-number", String(sentence.index));
    number.setAttribute("aria-hidden", "true");
    const marker = element("span", "curate-marker", sentence.claimed ? "\u25b8" : "");
    if (sentence.claimed) marker.title = "a candidate quotes this sentence";
    const body = element("span", "curate-sentence");
    body.setAttribute("data-start", String(Number(sentence.start) || 0));
    (sentence.pieces || []).forEach((piece) => {
      if (piece.node) {
        const mark = element("mark", "curate-mention", piece.text);
        mark.title = String(piece.node);
        body.append(mark);
      } else {
        body.append(document.createTextNode(String(piece.text)));
      }
    });
    row.append(number, marker, body);
    return row;
  });
  mount.scroll.replaceChildren(...rows);
  mount.sentences = Array.from(mount.scroll.querySelectorAll(".curate-sentence"));
}

export default function (component) {
  const { parentElement, data } = component;
  if (!data || !Array.isArray(data.sentences)) return undefined;
  let mount = mounts.get(parentElement);
  if (mount === undefined) {
    mount = create(parentElement);
    mounts.set(parentElement, mount);
  }
  mount.latest = component;
  mount.root.setAttribute("data-key", String(data.key));
  mount.scroll.style.height = String(Number(data.height) || 560) + "px";
  const signature = JSON.stringify(data.sentences);
  if (signature !== mount.signature) {
    mount.signature = signature;
    build(mount, data.sentences);
  }
  mount.root.setAttribute("data-ready", "true");
  return undefined;
}
