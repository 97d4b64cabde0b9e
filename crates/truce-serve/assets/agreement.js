// The agreement page's map: its zones, and the events judged against it coloured by verdict.
"use strict";
(function () {
  const element = document.getElementById("map");
  if (!element) return;
  const { map, renderer } = TruceMap.baseMap(element);
  const kinds = JSON.parse(element.dataset.kinds || "{}");
  const zones = JSON.parse(element.dataset.zones || '{"type":"FeatureCollection","features":[]}');
  const bounds = L.latLngBounds([]);
  if (zones.features.length) {
    const layer = L.geoJSON(zones, {
      renderer: renderer,
      style: { color: "#1f5f8b", weight: 2, fillOpacity: 0.08 },
      onEachFeature: (f, l) => l.bindTooltip(String((f.properties && f.properties.name) || "zone")),
    }).addTo(map);
    bounds.extend(layer.getBounds());
  }
  fetch(element.dataset.events)
    .then((r) => r.json())
    .then((data) => {
      const layer = L.geoJSON(data, {
        pointToLayer: (f, latlng) => {
          const kind = kinds[String(f.properties.id)] || "violation";
          return TruceMap.eventLayer(f, latlng, renderer, kind === "adherence" ? "#2e7d32" : "#c0392b");
        },
        onEachFeature: (f, l) =>
          l.bindPopup(() =>
            TruceMap.popup(f.properties, (box) => {
              const row = document.createElement("div");
              row.textContent = "verdict: " + (kinds[String(f.properties.id)] || "none");
              box.appendChild(row);
            })
          ),
      }).addTo(map);
      element.dataset.markers = String(data.features.length);
      if (data.features.length) bounds.extend(layer.getBounds());
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 9 });
      else map.setView([30, 30], 3);
      element.dataset.ready = "true";
    });
})();
