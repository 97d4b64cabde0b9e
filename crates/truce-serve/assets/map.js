// Shared by the agreement and events pages: the offline base map (Natural Earth countries from
// world-atlas, drawn by Leaflet on a canvas: no tile server) and how an event's precision is drawn.
"use strict";
window.TruceMap = (function () {
  function baseMap(element) {
    const map = L.map(element, { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 12 });
    // A map without a view defers adding its layers, and a layer not yet added has no bounds (a
    // circle's need the map): start from a world view, which the pages then fit to their data.
    map.setView([30, 30], 3);
    const renderer = L.canvas({ padding: 0.5 });
    fetch(element.dataset.world)
      .then((r) => r.json())
      .then((world) => {
        const land = topojson.feature(world, world.objects.countries);
        L.geoJSON(land, {
          renderer: renderer,
          interactive: false,
          style: { color: "#8a9aa6", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
        }).addTo(map).bringToBack();
      });
    return { map: map, renderer: renderer };
  }

  // A point known to a few hundred metres is a filled dot; one known only to its first-level
  // division (geo_precision 3) is a dashed circle of that division's rough size, never a pin.
  function eventLayer(feature, latlng, renderer, colour) {
    const p = feature.properties || {};
    if (p.geo_precision >= 3) {
      return L.circle(latlng, { renderer: renderer, radius: 25000, color: colour, weight: 1.5, dashArray: "4 4", fillOpacity: 0.08 });
    }
    return L.circleMarker(latlng, { renderer: renderer, radius: 5, color: colour, weight: 1, fillColor: colour, fillOpacity: 0.8 });
  }

  // The popup's content, built as DOM nodes: report text is never parsed as HTML.
  function popup(p, extra) {
    const box = document.createElement("div");
    const line = (label, value) => {
      if (value === null || value === undefined || value === "") return;
      const row = document.createElement("div");
      const b = document.createElement("b");
      b.textContent = label + ": ";
      row.appendChild(b);
      row.appendChild(document.createTextNode(String(value)));
      box.appendChild(row);
    };
    line("date", p.event_date || "undated");
    line("what", p.sub_event_type);
    line("status", p.status);
    line("where", p.location);
    line("precision", p.geo_precision >= 3 ? "first-level division only" : p.geo_precision === 2 ? "near the place" : "the place");
    line("actor 1", p.actor1);
    line("actor 2", p.actor2);
    line("fatalities", p.fatalities);
    line("independent sources", p.sources);
    if (extra) extra(box);
    const a = document.createElement("a");
    a.href = "/api/v1/events/" + encodeURIComponent(p.id);
    a.textContent = "every report of it (JSON)";
    box.appendChild(a);
    return box;
  }

  return { baseMap: baseMap, eventLayer: eventLayer, popup: popup };
})();
