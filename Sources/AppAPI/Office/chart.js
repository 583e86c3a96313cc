// Small charts drawn as inline SVG: bars per day, with a <title> on each bar for the exact figure.
import { h } from "./dom.js";

/** A bar chart of `series` ([{day, value}]); `label` names it for screen readers. */
export function barChart(series, { label, format = String } = {}) {
  const width = 280, height = 64, gap = series.length > 14 ? 1 : 3;
  const max = Math.max(1, ...series.map((p) => p.value));
  const bar = (width - gap * (series.length - 1)) / Math.max(1, series.length);
  const svg = h("svg:svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": label, preserveAspectRatio: "none" });
  series.forEach((point, i) => {
    const barHeight = point.value === 0 ? 1 : Math.max(2, (point.value / max) * (height - 2));
    svg.append(
      h(
        "svg:rect",
        { x: (i * (bar + gap)).toFixed(2), y: (height - barHeight).toFixed(2), width: bar.toFixed(2), height: barHeight.toFixed(2), rx: 1.5, class: point.value === 0 ? "bar empty" : "bar" },
        h("svg:title", {}, `${point.day}: ${format(point.value)}`),
      ),
    );
  });
  return svg;
}

/** A horizontal bar for a share of a total (the sources list). */
export function shareBar(value, max) {
  const svg = h("svg:svg", { viewBox: "0 0 100 6", class: "share", "aria-hidden": "true", preserveAspectRatio: "none" });
  svg.append(h("svg:rect", { x: 0, y: 0, width: 100, height: 6, rx: 3, class: "track" }));
  svg.append(h("svg:rect", { x: 0, y: 0, width: max > 0 ? Math.max(1, (value / max) * 100).toFixed(2) : 0, height: 6, rx: 3, class: "fill" }));
  return svg;
}
