(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("lesson-data").textContent);
  const steps = data.steps;
  const body = document.body;
  const byId = (id) => document.getElementById(id);
  const host = byId("atlas-canvas");
  const nextButton = byId("next");
  const previousButton = byId("previous");
  const answerButton = byId("show-answer");
  const answer = byId("answer");
  const hint = byId("hint");
  const stillness = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  let current = 0;

  function withTitles(payload) {
    const titled = (items, titles) =>
      items.map((item) => Object.assign({}, item, { title: titles[item.id] || "" }));
    return Object.assign({}, payload, {
      nodes: titled(payload.nodes, data.titles.nodes),
      edges: titled(payload.edges, data.titles.edges),
    });
  }

  byId("lesson-title").textContent = data.tour.title;
  byId("lesson-audience").textContent = "For: " + data.tour.audience;
  const canvas = createAtlasCanvas(window.vis, host, withTitles(steps[0].payload), {
    legend: byId("atlas-legend"),
  });
  const network = canvas.network;
  window.atlasCanvas = canvas;
  network.on("animationFinished", () => {
    body.dataset.moving = "false";
  });
  network.on("afterDrawing", () => {
    body.dataset.drawn = String(current);
  });

  function aim(glide) {
    // The panel below may have grown or shrunk: measure the canvas again first.
    network.setSize("100%", "100%");
    // The explorer's framing, zoom floor included, around the step's highlighted nodes.
    const view = canvas.cameraFor(steps[current].bounds, data.camera.padding);
    const smooth = glide && !(stillness && stillness.matches);
    body.dataset.moving = smooth ? "true" : "false";
    view.animation = smooth
      ? { duration: data.camera.duration_ms, easingFunction: "easeInOutCubic" }
      : false;
    network.moveTo(view);
    // Draw now: a resize clears the canvas, and a frame must never show it blank.
    network.redraw();
  }

  function drawClaims(step) {
    const list = byId("claims");
    list.replaceChildren();
    // What the evidence says would answer the step's question: it waits for the answer.
    list.hidden = Boolean(step.question);
    if (step.claims.length === 0) return;
    const heading = document.createElement("li");
    heading.className = "claims-heading";
    heading.textContent = step.claims_heading;
    list.appendChild(heading);
    for (const group of step.claims) {
      const item = document.createElement("li");
      item.className = "claim";
      item.style.borderLeftColor = group.colour;
      const verdict = document.createElement("strong");
      verdict.textContent = group.icon + " " + group.verdict + ": ";
      item.append(verdict, group.claims.join(", "));
      list.appendChild(item);
    }
  }

  function render(index, glide) {
    current = index;
    quieten();
    const step = steps[index];
    body.dataset.step = String(index);
    byId("progress-text").textContent = "Step " + (index + 1) + " of " + steps.length;
    byId("progress-track").setAttribute("aria-valuenow", String(index + 1));
    byId("progress-fill").style.width = ((100 * (index + 1)) / steps.length).toFixed(3) + "%";
    byId("step-title").textContent = step.title;
    byId("narration").textContent = step.narration;
    drawClaims(step);
    // The works behind the step's verdicts, so "a family-medicine review" can be looked up.
    const sources = byId("sources");
    sources.hidden = step.sources.length === 0;
    sources.textContent = step.sources.length ? "Sources: " + step.sources.join("; ") + "." : "";
    const box = byId("question-box");
    box.hidden = !step.question;
    byId("question").textContent = step.question;
    // The answer reaches the page only when it is asked for.
    answer.textContent = "";
    answer.classList.remove("shown");
    answerButton.hidden = !step.question;
    body.dataset.answer = step.question ? "hidden" : "none";
    previousButton.disabled = index === 0;
    nextButton.disabled = index === steps.length - 1;
    canvas.update(withTitles(step.payload), { keepCamera: true });
    aim(glide);
  }

  function go(index) {
    const target = Math.max(0, Math.min(steps.length - 1, Math.trunc(Number(index) || 0)));
    if (target !== current) render(target, true);
    return current;
  }
  const next = () => go(current + 1);
  const previous = () => go(current - 1);
  function showAnswer() {
    if (!steps[current].question) return false;
    answer.textContent = steps[current].answer;
    answer.classList.add("shown");
    byId("claims").hidden = false;
    answerButton.hidden = true;
    body.dataset.answer = "shown";
    revealAnswer();
    return true;
  }
  function revealAnswer() {
    // The panel may scroll on a small screen: scroll it as little as shows the whole
    // answer, its top never under the title, which stays at the top of the panel.
    const panel = answer.closest(".panel");
    const bottom = panel.getBoundingClientRect().bottom - 8;
    const below = answer.getBoundingClientRect().bottom - bottom;
    if (below > 0) panel.scrollTop += below;
    const under = byId("step-title").getBoundingClientRect().bottom + 4;
    const above = under - answer.getBoundingClientRect().top;
    if (above > 0) panel.scrollTop -= above;
  }

  function onPress(button, action) {
    button.addEventListener("click", (event) => {
      action();
      // After a mouse click the keys should still mean "next" and "back", not "press
      // this button again".
      if (event.detail > 0) button.blur();
    });
  }
  onPress(nextButton, next);
  onPress(previousButton, previous);
  onPress(answerButton, showAnswer);
  const legend = byId("atlas-legend");
  const legendButton = byId("legend-toggle");
  function toggleLegend() {
    legend.hidden = !legend.hidden;
    legendButton.setAttribute("aria-expanded", legend.hidden ? "false" : "true");
    aim(false);
    return !legend.hidden;
  }
  onPress(legendButton, toggleLegend);

  // Full screen fills a projector with the lesson alone; there the wide layout puts the
  // words beside the graph. Offered only where the browser (or the embedding frame) allows it.
  const screenButton = byId("fullscreen-toggle");
  screenButton.hidden = !document.fullscreenEnabled;
  function toggleFullScreen() {
    if (!document.fullscreenEnabled) return false;
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
    return true;
  }
  document.addEventListener("fullscreenchange", () => {
    const full = Boolean(document.fullscreenElement);
    screenButton.setAttribute("aria-pressed", full ? "true" : "false");
    screenButton.textContent = full ? "Leave full screen (F)" : "Full screen (F)";
  });
  onPress(screenButton, toggleFullScreen);

  // A pointer left resting on the graph (after clicking the presentation) would keep its
  // hover box over the step: presenting hides it until the mouse moves on.
  let pointer = null;
  let restedAt = null;
  function quieten() {
    body.classList.add("presenting");
    restedAt = pointer;
  }
  document.addEventListener("pointermove", (event) => {
    pointer = [event.clientX, event.clientY];
    if (restedAt && Math.hypot(pointer[0] - restedAt[0], pointer[1] - restedAt[1]) < 12) return;
    restedAt = null;
    body.classList.remove("presenting");
  });
  document.addEventListener("pointerdown", (event) => {
    pointer = [event.clientX, event.clientY];
    quieten();
  });
  document.addEventListener("keydown", quieten, true);
  document.addEventListener("fullscreenchange", quieten);

  const NEXT_KEYS = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "n", "N"]);
  const BACK_KEYS = new Set(["ArrowLeft", "ArrowUp", "PageUp", "p", "P"]);
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const onButton = event.target instanceof HTMLButtonElement;
    if (onButton && (event.key === "Enter" || event.key === " ")) return;
    if (event.key === " " && event.shiftKey) previous();
    else if (NEXT_KEYS.has(event.key)) next();
    else if (BACK_KEYS.has(event.key)) previous();
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(steps.length - 1);
    else if (event.key === "Enter" || event.key === "a" || event.key === "A") showAnswer();
    else if (event.key === "l" || event.key === "L") toggleLegend();
    else if (event.key === "f" || event.key === "F") toggleFullScreen();
    else return;
    event.preventDefault();
  });

  // In an iframe, keys reach the page only once it has focus: say so until it has, on a
  // screen with a mouse (a touch screen has no arrow keys; its reader taps the buttons).
  const embedded = window.self !== window.top;
  const touch = Boolean(window.matchMedia && window.matchMedia("(hover: none)").matches);
  body.dataset.embedded = embedded ? "true" : "false";
  function showHint() {
    hint.hidden = !(embedded && !touch && !document.hasFocus());
  }
  window.addEventListener("focus", showHint);
  window.addEventListener("blur", showHint);
  showHint();

  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      aim(false);
    });
  });

  window.atlasLesson = {
    next: next,
    previous: previous,
    go: go,
    showAnswer: showAnswer,
    toggleLegend: toggleLegend,
    toggleFullScreen: toggleFullScreen,
    get step() {
      return current;
    },
    count: steps.length,
  };
  render(0, false);
})();
