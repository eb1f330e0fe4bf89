// The source reader (ui/reader.py): the article with its grounding spans highlighted.
// Names from Python, as one JSON object.
const CONFIG = {{ config }};
const mounts = new WeakMap();
const COLOUR = /^#[0-9a-fA-F]{6}$/;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// The verdict's dash pattern (schema.VERDICTS, as on the canvas) as an underline.
function underline(colour, dashes) {
  const lengths = (Array.isArray(dashes) ? dashes : []).map(Number).filter(
    (n) => Number.isFinite(n) && n > 0
  );
  if (lengths.length === 0) return `linear-gradient(${colour}, ${colour})`;
  const stops = [];
  let at = 0;
  lengths.forEach((length, index) => {
    const paint = index % 2 === 0 ? colour : "transparent";
    stops.push(`${paint} ${at}px`, `${paint} ${at + length}px`);
    at += length;
  });
  return `repeating-linear-gradient(to right, ${stops.join(", ")})`;
}

function styleVerdict(node, verdict) {
  if (!verdict) return;
  const colour = COLOUR.test(String(verdict.colour)) ? verdict.colour : "#7F7F7F";
  node.style.setProperty("--verdict-tint", colour + "2E");
  node.style.setProperty("--verdict-line", underline(colour, verdict.dashes));
  node.setAttribute("data-verdict", String(verdict.name));
}

function describe(edges, data, verdicts) {
  const lines = edges.map((id) => {
    const claim = data.claims[id] || {};
    const verdict = verdicts.get(claim.verdict) || {};
    return `${verdict.icon || ""} ${verdict.label || claim.verdict}: ${claim.text || id}`;
  });
  const more = edges.length > 1 ? "Click to select the first; click again for the next." :
    "Click to select this claim.";
  return [...lines, more].join("\n");
}

function buildHead(mount, data, verdicts) {
  const head = mount.head;
  head.replaceChildren();
  const coverage = data.coverage || {};
  const line = element("p", "reader-coverage", coverage.line || "");
  line.setAttribute("data-testid", "source-reader-coverage");
  head.appendChild(line);
  const left = Array.isArray(coverage.ungrounded) ? coverage.ungrounded : [];
  if (left.length > 0) {
    const details = element("details", "reader-left-out");
    const summary = left.length === 1 ? "The one sentence that grounds no claim" :
      `The ${left.length} sentences that ground no claim`;
    details.appendChild(element("summary", "", summary));
    const list = element("ol");
    left.forEach((sentence) => list.appendChild(element("li", "", sentence)));
    details.appendChild(list);
    head.appendChild(details);
  }
  const legend = element("ul", "reader-legend");
  legend.setAttribute("aria-label", "What the evidence says of each highlighted claim");
  verdicts.forEach((verdict) => {
    const item = element("li", "reader-legend-item");
    const sample = element("span", "reader-mark reader-sample", verdict.label);
    styleVerdict(sample, verdict);
    sample.setAttribute("data-icon", verdict.icon);
    item.title = verdict.description;
    item.appendChild(sample);
    legend.appendChild(item);
  });
  head.appendChild(legend);
  head.appendChild(element(
    "p", "reader-hint", "Click a highlight to select its claim in the graph."
  ));
}

function buildArticle(mount, data, verdicts) {
  const article = mount.article;
  article.replaceChildren();
  let count = 0;
  let headings = 0;
  (data.passages || []).forEach((passage) => {
    const heading = passage.kind === "heading";
    const block = element(heading ? (headings++ === 0 ? "h2" : "h3") : "p");
    const segments = passage.segments || [];
    segments.forEach((segment, index) => {
      const edges = Array.isArray(segment.edges) ? segment.edges.map(String) : [];
      if (edges.length === 0) {
        block.appendChild(document.createTextNode(String(segment.text)));
        return;
      }
      const mark = element("mark", "reader-mark", segment.text);
      const verdict = verdicts.get(segment.verdict);
      styleVerdict(mark, verdict);
      const next = segments[index + 1];
      const joined = next && next.verdict === segment.verdict && (next.edges || []).length > 0;
      if (verdict && !joined) {
        mark.setAttribute("data-icon", verdict.icon);
      }
      mark.setAttribute("data-edges", edges.join(" "));
      mark.setAttribute("role", "button");
      mark.setAttribute("tabindex", "0");
      mark.title = describe(edges, data, verdicts);
      block.appendChild(mark);
      count += 1;
    });
    article.appendChild(block);
  });
  mount.marks = Array.from(article.querySelectorAll("mark[data-edges]"));
  mount.root.setAttribute("data-highlight-count", String(count));
}

function marksOf(mount, edgeId) {
  if (!edgeId) return [];
  return mount.marks.filter((mark) => mark.getAttribute("data-edges").split(" ").includes(edgeId));
}

function markSelected(mount, edgeId) {
  mount.marks.forEach((mark) => mark.classList.remove("is-selected"));
  marksOf(mount, edgeId).forEach((mark) => mark.classList.add("is-selected"));
  mount.root.setAttribute("data-selected-edge", edgeId || "");
}

// Scroll the reader's own box, never the page, so the claim's first highlight shows.
function reveal(mount) {
  const edgeId = mount.pendingScroll;
  if (!edgeId) return;
  const box = mount.scroll;
  if (box.clientHeight === 0) return;  // hidden (an inactive tab): the observer retries
  mount.pendingScroll = null;
  const first = marksOf(mount, edgeId)[0];
  if (!first) return;
  const frame = box.getBoundingClientRect();
  const spot = first.getBoundingClientRect();
  if (spot.top >= frame.top && spot.bottom <= frame.bottom) return;
  box.scrollTop += spot.top - frame.top - box.clientHeight / 3;
}

function choose(mount, mark) {
  const edges = mark.getAttribute("data-edges").split(" ");
  const current = mount.selected || mount.lastClicked;
  const at = edges.indexOf(current);
  const chosen = at < 0 ? edges[0] : edges[(at + 1) % edges.length];
  mount.lastClicked = chosen;
  markSelected(mount, chosen);
  mount.latest.setTriggerValue(CONFIG.selectEvent, chosen);
}

function create(parentElement) {
  const root = element("div", "reader");
  root.setAttribute("data-testid", "source-reader");
  const head = element("div", "reader-head");
  const scroll = element("div", "reader-scroll");
  scroll.setAttribute("data-testid", "source-reader-scroll");
  scroll.setAttribute("tabindex", "0");
  const article = element("article", "reader-article");
  scroll.appendChild(article);
  root.append(head, scroll);
  parentElement.appendChild(root);
  const mount = {
    root, head, scroll, article, marks: [], signature: null, latest: null,
    selected: null, lastClicked: null, pendingScroll: null, first: true,
  };
  article.addEventListener("click", (event) => {
    const mark = event.target.closest && event.target.closest("mark[data-edges]");
    if (mark) choose(mount, mark);
  });
  article.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const mark = event.target.closest && event.target.closest("mark[data-edges]");
    if (!mark) return;
    event.preventDefault();
    choose(mount, mark);
  });
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => reveal(mount)).observe(scroll);
  }
  return mount;
}

export default function (component) {
  const { parentElement, data } = component;
  if (!data || !data.payload) return undefined;
  let mount = mounts.get(parentElement);
  if (mount === undefined) {
    mount = create(parentElement);
    mounts.set(parentElement, mount);
  }
  mount.latest = component;
  const payload = data.payload;
  mount.root.setAttribute("data-key", String(data.key));
  mount.scroll.style.height = String(Number(data.height) || 520) + "px";
  const signature = JSON.stringify(payload);
  if (signature !== mount.signature) {
    mount.signature = signature;
    const verdicts = new Map((payload.verdicts || []).map((v) => [String(v.name), v]));
    const source = payload.source || {};
    mount.article.setAttribute("aria-label", String(source.title || "Source"));
    buildHead(mount, payload, verdicts);
    buildArticle(mount, payload, verdicts);
  }
  const selected = typeof data.selected === "string" && data.selected ? data.selected : null;
  if (selected !== mount.selected || mount.first) {
    mount.pendingScroll = selected;
  }
  mount.first = false;
  mount.selected = selected;
  markSelected(mount, selected);
  reveal(mount);
  mount.root.setAttribute("data-ready", "true");
  return undefined;
}
