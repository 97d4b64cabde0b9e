// The events page: a map and a timeline of the filtered events, each filtering the other. Dragging
// across the timeline selects days (the map shows only those); moving the map narrows the timeline to
// what is in view. The URL keeps the view (map centre and zoom, selected days) so that it can be cited.
"use strict";
(function () {
  const element = document.getElementById("map");
  const svg = document.getElementById("histogram");
  const shown = document.getElementById("shown-count");
  const rangeText = document.getElementById("brush-range");
  const list = document.querySelector("#event-list tbody");
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const params = new URLSearchParams(location.search);
  const { map, renderer } = TruceMap.baseMap(element);
  const markers = L.layerGroup().addTo(map);
  let events = [];
  let brush = null; // [first day, last day] as "YYYY-MM-DD", or null for all
  const parsedBrush = (params.get("days") || "").split("..");
  if (parsedBrush.length === 2 && /^\d{4}-\d{2}-\d{2}$/.test(parsedBrush[0]) && /^\d{4}-\d{2}-\d{2}$/.test(parsedBrush[1])) {
    brush = parsedBrush;
  }
  const view = (params.get("view") || "").split(",").map(Number);
  let restoredView = view.length === 3 && view.every(Number.isFinite);
  if (restoredView) map.setView([view[0], view[1]], view[2]);

  function saveState() {
    const p = new URLSearchParams(location.search);
    const c = map.getCenter();
    p.set("view", [c.lat.toFixed(4), c.lng.toFixed(4), map.getZoom()].join(","));
    if (brush) p.set("days", brush.join(".."));
    else p.delete("days");
    history.replaceState(null, "", location.pathname + "?" + p.toString());
  }

  const inBrush = (e) => !brush || (e.day && e.day >= brush[0] && e.day <= brush[1]);

  function drawMarkers() {
    markers.clearLayers();
    let n = 0;
    for (const e of events) {
      if (!inBrush(e)) continue;
      markers.addLayer(e.layer);
      n++;
    }
    shown.textContent = n + " on the map" + (brush ? " from " + brush[0] + " to " + brush[1] : "") + ";";
    shown.dataset.shown = String(n);
    rangeText.textContent = brush ? "Selected: " + brush[0] + " to " + brush[1] + " (drag again to change, click to clear)" : "";
    drawList();
  }

  function drawList() {
    const bounds = map.getBounds();
    list.replaceChildren();
    let rows = 0;
    for (const e of events) {
      if (rows >= 200) break;
      if (!inBrush(e) || !bounds.contains(e.latlng)) continue;
      const p = e.feature.properties;
      const tr = document.createElement("tr");
      for (const value of [p.event_date || "undated", p.sub_event_type, p.location, [p.actor1, p.actor2].filter(Boolean).join(" / "), p.fatalities, p.sources]) {
        const td = document.createElement("td");
        td.textContent = value === null || value === undefined ? "" : String(value);
        tr.appendChild(td);
      }
      tr.addEventListener("click", () => { map.setView(e.latlng, Math.max(map.getZoom(), 8)); e.layer.openPopup(); });
      list.appendChild(tr);
      rows++;
    }
  }

  let days = [];
  let first = 0;
  let span = 1;
  const dayOf = (t) => new Date(first + t * DAY).toISOString().slice(0, 10);

  function drawHistogram() {
    svg.replaceChildren();
    const dated = events.filter((e) => e.day);
    if (!dated.length) return;
    const times = dated.map((e) => Date.parse(e.day));
    first = Math.min(...times);
    span = Math.round((Math.max(...times) - first) / DAY) + 1;
    const bounds = map.getBounds();
    days = new Array(span).fill(0);
    const inView = new Array(span).fill(0);
    for (const e of dated) {
      const k = Math.round((Date.parse(e.day) - first) / DAY);
      days[k]++;
      if (bounds.contains(e.latlng)) inView[k]++;
    }
    const top = Math.max(...days, 1);
    const w = 1000 / span;
    for (let k = 0; k < span; k++) {
      if (!days[k]) continue;
      const r = document.createElementNS(SVG, "rect");
      const h = (Math.max(inView[k], 0) / top) * 76;
      r.setAttribute("x", String(k * w));
      r.setAttribute("width", String(Math.max(w - 0.5, 0.5)));
      r.setAttribute("y", String(80 - Math.max(h, (days[k] / top) * 76)));
      r.setAttribute("height", String(Math.max(h, (days[k] / top) * 76)));
      const day = dayOf(k);
      const selected = !brush || (day >= brush[0] && day <= brush[1]);
      r.setAttribute("class", "day" + (selected && inView[k] ? "" : " out"));
      const title = document.createElementNS(SVG, "title");
      title.textContent = day + ": " + days[k] + " events, " + inView[k] + " in the map's view";
      r.appendChild(title);
      svg.appendChild(r);
    }
    if (brush) {
      const x0 = (Math.round((Date.parse(brush[0]) - first) / DAY) / span) * 1000;
      const x1 = ((Math.round((Date.parse(brush[1]) - first) / DAY) + 1) / span) * 1000;
      const b = document.createElementNS(SVG, "rect");
      b.setAttribute("class", "brush");
      b.setAttribute("x", String(Math.max(0, x0)));
      b.setAttribute("width", String(Math.max(1, x1 - x0)));
      b.setAttribute("y", "0");
      b.setAttribute("height", "80");
      svg.appendChild(b);
    }
  }

  // Brushing: press, drag, release over the timeline; a click without a drag clears the selection.
  let pressed = null;
  const position = (ev) => {
    const box = svg.getBoundingClientRect();
    return Math.min(span - 1, Math.max(0, Math.floor(((ev.clientX - box.left) / box.width) * span)));
  };
  svg.addEventListener("mousedown", (ev) => { pressed = position(ev); });
  window.addEventListener("mouseup", (ev) => {
    if (pressed === null) return;
    const released = position(ev);
    brush = pressed === released ? null : [dayOf(Math.min(pressed, released)), dayOf(Math.max(pressed, released))];
    pressed = null;
    drawMarkers();
    drawHistogram();
    saveState();
  });

  map.on("moveend", () => { drawHistogram(); drawList(); saveState(); });

  fetch(element.dataset.events)
    .then((r) => {
      if (!r.ok) throw new Error("the events could not be read: " + r.status);
      return r.json();
    })
    .then((data) => {
      events = data.features.map((f) => {
        const latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
        const colour = f.properties.status === "ceased" ? "#2e7d32" : "#c0392b";
        const layer = TruceMap.eventLayer(f, latlng, renderer, colour);
        layer.bindPopup(() => TruceMap.popup(f.properties));
        return { feature: f, latlng: latlng, layer: layer, day: f.properties.event_date };
      });
      if (!restoredView) {
        const b = L.latLngBounds(events.map((e) => e.latlng));
        if (b.isValid()) map.fitBounds(b.pad(0.2), { maxZoom: 8 });
        else map.setView([30, 30], 3);
      }
      drawMarkers();
      drawHistogram();
      element.dataset.ready = "true";
    });
})();
