/* Cramp Atlas canvas: draws a payload of graph.render.canvas_payload with vis-network.
   Data only ever reaches the DOM through textContent, attributes and the canvas. */
function createAtlasCanvas(vis, host, payload, hooks) {
  "use strict";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const LABEL_COLOUR = "#1f1f1f";
  let current = payload;
  let nodeIndex = new Map();
  let edgeIndex = new Map();
  let lastScale = 1;
  let userMoved = false;
  let framed = payload.camera.bounds; // what the camera last framed: nodes and edge labels
  const FOCUS_MARGIN_PX = 90;
  const EDGE_LABEL_MARGIN = 2; // the white outline vis-network draws around an edge label

  function tooltip(text) {
    const box = document.createElement("div");
    box.className = "atlas-tooltip";
    box.textContent = String(text);
    return box;
  }
  function revealLabel(values, id, selected, hovering) {
    if (selected || hovering) {
      values.color = LABEL_COLOUR;
      values.strokeWidth = 4;
      values.strokeColor = "#ffffff";
    }
  }
  function prepareNodes(items) {
    return items.map((item) => Object.assign({}, item, { title: tooltip(item.title) }));
  }
  function prepareEdges(items) {
    // A view that places its labels (Compare's, a small filter's) leaves one hidden only
    // where it fits nowhere clear of the nodes: hovering or selecting its line does not
    // draw it over them then (the line's tooltip names the link). A larger view shows
    // its labels on hover.
    const placed = current.edge_labels === "always";
    return items.map((item) =>
      Object.assign({}, item, {
        title: tooltip(item.title),
        chosen: {
          edge: true,
          label: placed && isInvisible((item.font || {}).color) ? false : revealLabel,
        },
      })
    );
  }
  function reindex(next) {
    nodeIndex = new Map(next.nodes.map((item) => [item.id, item]));
    edgeIndex = new Map(next.edges.map((item) => [item.id, item]));
  }
  function dropMissing(dataset, index) {
    dataset.remove(dataset.getIds().filter((id) => !index.has(id)));
  }
  function markCounts() {
    host.setAttribute("data-node-count", String(nodes.length));
    host.setAttribute("data-edge-count", String(edges.length));
  }

  // An SVG element with its attributes, for the legend's small drawings.
  function svgNode(tag, attributes) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) {
      element.setAttribute(name, String(value));
    }
    return element;
  }
  function iconSvg(width, height, viewBox) {
    return svgNode("svg", { viewBox: viewBox, width: width, height: height, "aria-hidden": "true" });
  }
  function shapeIcon(shape, colour) {
    const svg = iconSvg(18, 18, "-10 -10 20 20");
    const polygon = (corners, radii) => {
      const points = [];
      for (let k = 0; k < corners; k += 1) {
        const angle = -Math.PI / 2 + (k * 2 * Math.PI) / corners;
        const radius = radii[k % radii.length];
        const x = (radius * Math.cos(angle)).toFixed(2);
        points.push(x + "," + (radius * Math.sin(angle)).toFixed(2));
      }
      return svgNode("polygon", { points: points.join(" ") });
    };
    let element;
    if (shape === "star") element = polygon(10, [9, 3.8]);
    else if (shape === "triangle") element = polygon(3, [9.5]);
    else if (shape === "diamond") element = polygon(4, [9]);
    else if (shape === "hexagon") element = polygon(6, [9]);
    else if (shape === "square") element = svgNode("rect", { x: -7, y: -7, width: 14, height: 14 });
    else if (shape === "ellipse") element = svgNode("ellipse", { rx: 9.5, ry: 6 });
    else element = svgNode("circle", { r: 8 });
    element.setAttribute("fill", colour);
    element.setAttribute("stroke", "#3a3a3a");
    element.setAttribute("stroke-width", "1");
    svg.appendChild(element);
    return svg;
  }
  function lineIcon(dashes, width) {
    const svg = iconSvg(34, 10, "0 0 34 10");
    const line = svgNode("line", {
      x1: 1, y1: 5, x2: 33, y2: 5, stroke: "#555555", "stroke-width": width,
    });
    if (Array.isArray(dashes)) line.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(line);
    return svg;
  }
  // The arrow shapes of vis-network 9.1.2 that mark the middle of an edge with its
  // verdict, as vis draws them: in arrow lengths, x running back from the tip along
  // the edge and y across it. The legend draws them from this table, so the sample
  // shows the shape the canvas shows.
  const MARKER_POLYGONS = {
    box: [[0, -0.3], [0, 0.3], [-0.6, 0.3], [-0.6, -0.3]],
    diamond: [[0, 0], [-0.5, -0.3], [-1, 0], [-0.5, 0.3]],
    bar: [[0, -0.5], [0, 0.5], [-0.15, 0.5], [-0.15, -0.5]],
    inv_triangle: [[0, -0.3], [0, 0.3], [-1, 0]],
    crow: [[-1, 0], [0, 0.3], [-0.4, 0], [0, -0.3]],
  };
  const MARKER_REACH = { circle: 0.8, curve: 0.4 };
  const LEGEND_ZOOM = 0.65;  // about the opening zoom of the seed graph
  function markerIcon(marker, colour) {
    const width = 2;
    const svg = iconSvg(34, 18, "0 0 34 18");
    svg.appendChild(svgNode("line", {
      x1: 1, y1: 9, x2: 33, y2: 9, stroke: colour, "stroke-width": width,
    }));
    if (!marker) return svg;
    // vis: the marker is 15 x scaleFactor + 3 x line width long; centre it on the line.
    const length = (15 * Number(marker.scaleFactor) + 3 * width) * LEGEND_ZOOM;
    const polygon = MARKER_POLYGONS[marker.type];
    const reach = polygon
      ? -Math.min(...polygon.map((corner) => corner[0]))
      : MARKER_REACH[marker.type] || 0.8;
    const tip = 17 + (reach * length) / 2;
    let shape;
    if (polygon) {
      const points = polygon.map(
        ([x, y]) => (tip + x * length).toFixed(2) + "," + (9 + y * length).toFixed(2)
      );
      shape = svgNode("polygon", { points: points.join(" "), fill: colour });
    } else if (marker.type === "curve") {
      // An open half circle, bulging towards the tip, drawn with the line's width.
      const radius = 0.4 * length;
      const x = (tip - radius).toFixed(2);
      shape = svgNode("path", {
        d: "M " + x + " " + (9 - radius).toFixed(2) + " A " + radius.toFixed(2) + " " +
          radius.toFixed(2) + " 0 0 1 " + x + " " + (9 + radius).toFixed(2),
        fill: "none",
        stroke: colour,
        "stroke-width": width,
      });
    } else {
      shape = svgNode("circle", {
        cx: (tip - 0.4 * length).toFixed(2), cy: 9, r: (0.4 * length).toFixed(2), fill: colour,
      });
    }
    shape.setAttribute("data-marker", String(marker.type));
    svg.appendChild(shape);
    return svg;
  }
  function legendEntry(icon, text, description) {
    const entry = document.createElement("span");
    entry.className = "atlas-legend-item";
    entry.setAttribute("role", "listitem");
    entry.title = description;
    const words = document.createElement("span");
    words.textContent = text;
    entry.append(icon, words);
    return entry;
  }
  function drawLegend(target, next) {
    if (!target) return;
    target.replaceChildren();
    target.setAttribute("role", "list");
    for (const item of next.legend || []) {
      const icon = shapeIcon(item.shape, item.colour);
      target.appendChild(legendEntry(icon, item.label, item.description));
    }
    // Each channel on a row of its own: node types, then the line, then its colour and
    // middle marker.
    const heading = (text) => {
      const rowBreak = document.createElement("span");
      rowBreak.className = "atlas-legend-break";
      rowBreak.setAttribute("aria-hidden", "true");
      const element = document.createElement("span");
      element.className = "atlas-legend-heading";
      element.textContent = text;
      target.append(rowBreak, element);
    };
    // Not "Source says": an inferred line is the tool's reading, not the source's word.
    heading("How it is said:");
    for (const item of next.strengths || []) {
      const icon = lineIcon(item.dashes, item.width);
      target.appendChild(legendEntry(icon, item.label, item.description));
    }
    // Not "Reviews say": verdicts come from reviews, studies, guidance and food tables.
    heading("Evidence says:");
    for (const item of next.verdicts || []) {
      const icon = markerIcon(item.marker, item.colour);
      const entry = legendEntry(icon, item.icon + " " + item.label, item.description);
      entry.setAttribute("data-verdict", String(item.verdict));
      target.appendChild(entry);
    }
  }

  function fitScale(bounds, padding) {
    const [left, top, right, bottom] = bounds;
    const width = Math.max(1, host.clientWidth - 2 * padding);
    const height = Math.max(1, host.clientHeight - 2 * padding);
    return Math.min(width / Math.max(1, right - left), height / Math.max(1, bottom - top));
  }
  function readableScale() {
    // The zoom floor for legibility: labels at least min_font_px on screen, a little
    // less on a canvas as narrow as a phone's, where the whole view must still fit.
    const camera = current.camera;
    const narrow = camera.narrow && host.clientWidth <= camera.narrow.width;
    const fontPx = narrow ? camera.narrow.min_font_px : camera.min_font_px;
    return fontPx / camera.font_size;
  }
  function cameraFor(bounds, padding, focusId) {
    // vis-network's own fit keeps a 10% margin and measures labels short; this fits the
    // box with a thin margin, and never zooms out past the floor: a view too big for it
    // is cropped around its centre, moved as little as keeps the focus node in sight.
    const [left, top, right, bottom] = bounds;
    const fit = fitScale(bounds, padding);
    const scale = Math.min(Math.max(fit, readableScale()), current.camera.max_scale);
    const position = { x: (left + right) / 2, y: (top + bottom) / 2 };
    const focus = focusId ? nodeIndex.get(focusId) : undefined;
    if (focus !== undefined && scale > fit) {
      const reachX = Math.max(0, (0.5 * host.clientWidth - FOCUS_MARGIN_PX) / scale);
      const reachY = Math.max(0, (0.5 * host.clientHeight - FOCUS_MARGIN_PX) / scale);
      position.x = Math.min(Math.max(position.x, focus.x - reachX), focus.x + reachX);
      position.y = Math.min(Math.max(position.y, focus.y - reachY), focus.y + reachY);
    }
    return { position: position, scale: scale };
  }
  function focusOf(next) {
    return next.selected && next.selected.kind === "node" ? next.selected.id : null;
  }
  function isInvisible(colour) {
    return /^rgba\(.*,\s*0(\.0*)?\)$/.test(String(colour).replace(/\s/g, ""));
  }
  function withEdgeLabels(bounds) {
    // The box to frame: the nodes with their labels (the payload's ``bounds``) and every
    // edge label drawn at all times, where vis-network draws it: its text box at the
    // middle of the edge's curve, moved by its ``vadjust``. A curve bends out past its
    // ends, and a label on it would otherwise be cut at the canvas's edge.
    let [left, top, right, bottom] = bounds;
    const context = network.canvas.getContext();
    for (const item of current.edges) {
      const edge = network.body.edges[item.id];
      const font = item.font || {};
      if (!item.label || !edge || isInvisible(font.color)) continue;
      const size = edge.labelModule.getTextSize(context, false, false);
      const middle = edge.edgeType.getPoint(0.5);
      const y = middle.y + (Number(font.vadjust) || 0);
      const halfWidth = size.width / 2 + EDGE_LABEL_MARGIN;
      const halfHeight = size.height / 2 + EDGE_LABEL_MARGIN;
      left = Math.min(left, middle.x - halfWidth);
      right = Math.max(right, middle.x + halfWidth);
      top = Math.min(top, y - halfHeight);
      bottom = Math.max(bottom, y + halfHeight);
    }
    return [left, top, right, bottom];
  }
  function frame() {
    const camera = current.camera;
    framed = withEdgeLabels(camera.bounds);
    const view = cameraFor(framed, camera.padding, focusOf(current));
    network.moveTo({ position: view.position, scale: view.scale, animation: false });
    lastScale = view.scale;
    userMoved = false;
  }
  function zoomFloor() {
    // Zooming out stops a little past the whole view: beyond, the drawing only shrinks.
    const camera = current.camera;
    return 0.9 * Math.min(fitScale(framed, camera.padding), camera.max_scale);
  }
  function keepAboveFloor() {
    // A filter may raise the floor above the camera: zooming out then stays put rather
    // than jumping in.
    userMoved = true;
    const scale = network.getScale();
    if (scale < zoomFloor() && scale < lastScale) {
      lastScale = Math.min(zoomFloor(), lastScale);
      network.moveTo({ scale: lastScale, animation: false });
    } else {
      lastScale = scale;
    }
  }
  function viewKey(next) {
    // What is shown, not what is selected: a click keeps the camera, a new view frames.
    return JSON.stringify([next.camera.bounds, next.nodes.map((item) => item.id)]);
  }

  function applySelection(next) {
    const chosen = next.selected;
    if (chosen && chosen.kind === "node" && nodeIndex.has(chosen.id)) {
      network.selectNodes([chosen.id], false);
    } else if (chosen && chosen.kind === "edge" && edgeIndex.has(chosen.id)) {
      network.selectEdges([chosen.id]);
    } else {
      network.unselectAll();
    }
  }
  function itemText(kind, item) {
    if (kind === "node") return item.label;
    const end = (id) => (nodeIndex.has(id) ? nodeIndex.get(id).label : id);
    return end(item.from) + " " + item.label + " " + end(item.to);
  }
  function report(kind, id) {
    const item = kind === "node" ? nodeIndex.get(id) : edgeIndex.get(id);
    if (item === undefined) return false;
    host.setAttribute("data-selected", kind + ":" + id);
    live.textContent = "Selected: " + itemText(kind, item);
    if (kind === "node") cursor = id;  // the arrow keys go on from a clicked node
    if (hooks && hooks.onSelect) hooks.onSelect({ kind: kind, id: id }, item);
    return true;
  }

  // Keyboard: the canvas takes focus, arrow keys move a cursor to the nearest node that
  // way, Enter (or Space) selects it as a click does, and a live region says which.
  const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
  const live = document.createElement("div");
  live.className = "atlas-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("data-testid", "atlas-live");
  // Only where the page does not want the keys for itself (a lesson steps with them).
  const keyboard = Boolean(hooks && hooks.keyboard);
  if (keyboard && host.parentNode) host.after(live);
  if (keyboard) {
    host.tabIndex = 0;
    host.setAttribute("role", "application");
    host.setAttribute("aria-roledescription", "graph");
  }
  let cursor = null;

  function describeHost() {
    if (!keyboard) return;
    host.setAttribute(
      "aria-label",
      "Graph of " + nodeIndex.size + " nodes and " + edgeIndex.size + " links. " +
        "Arrow keys move between nodes, Enter selects one."
    );
  }
  function nodeAhead(from, direction) {
    const [dx, dy] = direction;
    let best = null;
    let bestCost = Infinity;
    for (const item of nodeIndex.values()) {
      const ahead = (item.x - from.x) * dx + (item.y - from.y) * dy;
      const aside = Math.abs((item.x - from.x) * dy - (item.y - from.y) * dx);
      if (item.id === from.id || ahead <= 0 || aside > 2 * ahead) continue;
      const cost = ahead + 2 * aside;
      if (cost < bestCost) {
        best = item;
        bestCost = cost;
      }
    }
    return best;
  }
  function nodeInMiddle() {
    const middle = network.getViewPosition();
    let best = null;
    let bestDistance = Infinity;
    for (const item of nodeIndex.values()) {
      const distance = Math.hypot(item.x - middle.x, item.y - middle.y);
      if (distance < bestDistance) {
        best = item;
        bestDistance = distance;
      }
    }
    return best;
  }
  function moveCursor(direction) {
    const selectedNode = network.getSelectedNodes().find((id) => nodeIndex.has(id));
    const from = nodeIndex.get(cursor) || nodeIndex.get(selectedNode);
    const target = from ? nodeAhead(from, direction) : nodeInMiddle();
    if (!target) {
      live.textContent = from ? "No node further that way." : "Nothing is drawn.";
      return;
    }
    cursor = target.id;
    network.selectNodes([target.id]);
    const spot = network.canvasToDOM({ x: target.x, y: target.y });
    if (spot.x < 0 || spot.y < 0 || spot.x > host.clientWidth || spot.y > host.clientHeight) {
      network.moveTo({ position: { x: target.x, y: target.y }, animation: false });
    }
    live.textContent = target.label + ". Enter selects it.";
  }
  host.addEventListener("keydown", (event) => {
    if (!keyboard || event.altKey || event.ctrlKey || event.metaKey) return;
    if (ARROWS[event.key]) {
      event.preventDefault();
      moveCursor(ARROWS[event.key]);
    } else if ((event.key === "Enter" || event.key === " ") && nodeIndex.has(cursor)) {
      event.preventDefault();
      report("node", cursor);
    }
  });

  reindex(payload);
  const nodes = new vis.DataSet(prepareNodes(payload.nodes));
  const edges = new vis.DataSet(prepareEdges(payload.edges));
  const network = new vis.Network(host, { nodes: nodes, edges: edges }, payload.options);
  frame();
  applySelection(payload);
  drawLegend(hooks && hooks.legend, payload);
  markCounts();
  describeHost();
  network.once("afterDrawing", () => {
    host.setAttribute("data-ready", "true");
    // The moment the graph is first on the screen, on the page's performance timeline
    // (the benchmark reads it, as the browser's own tools do).
    if (typeof performance !== "undefined" && performance.mark) {
      performance.mark("atlas-canvas-drawn");
    }
  });
  network.on("zoom", keepAboveFloor);
  network.on("dragStart", () => {
    userMoved = true;
  });
  network.on("click", (params) => {
    if (params.nodes.length > 0) report("node", params.nodes[0]);
    else if (params.edges.length > 0) report("edge", params.edges[0]);
  });
  // The canvas may get its final size only after the first frame (a column settling, a
  // phone turned): frame again, unless the reader has moved the camera since.
  let size = [host.clientWidth, host.clientHeight];
  const resizes = typeof ResizeObserver === "function" ? new ResizeObserver(() => {
    const now = [host.clientWidth, host.clientHeight];
    if (now[0] === size[0] && now[1] === size[1]) return;
    size = now;
    network.setSize("100%", "100%");
    if (!userMoved) frame();
    network.redraw();
  }) : null;
  if (resizes) resizes.observe(host);

  return {
    network: network,
    get payload() {
      return current;
    },
    frame: frame,
    zoomFloor: zoomFloor,
    cameraFor(bounds, padding) {
      return cameraFor(bounds, padding, null);
    },
    selectNode(id) {
      if (!nodeIndex.has(id)) return false;
      network.selectNodes([id]);
      return report("node", id);
    },
    selectEdge(id) {
      if (!edgeIndex.has(id)) return false;
      network.selectEdges([id]);
      return report("edge", id);
    },
    update(next, options) {
      const sameOptions = JSON.stringify(next.options) === JSON.stringify(current.options);
      const newView = viewKey(next) !== viewKey(current);
      current = next;
      reindex(next);
      // Edges go before their nodes do and come after them; nodes never move.
      dropMissing(edges, edgeIndex);
      dropMissing(nodes, nodeIndex);
      nodes.update(prepareNodes(next.nodes));
      edges.update(prepareEdges(next.edges));
      if (!sameOptions) network.setOptions(next.options);
      if (!nodeIndex.has(cursor)) cursor = null;
      // A new view is framed; a new selection in the same view keeps the camera.
      if (newView && !(options && options.keepCamera)) frame();
      applySelection(next);
      drawLegend(hooks && hooks.legend, next);
      markCounts();
      describeHost();
    },
    setHooks(next) {
      hooks = next;
    },
    destroy() {
      if (resizes) resizes.disconnect();
      live.remove();
      network.destroy();
    },
  };
}
