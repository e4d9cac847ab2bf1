// Media charts drawn from data in <script type="application/json"> elements (json_script):
// no inline script, so the CSP can forbid them. Amounts arrive as strings (never floats in
// the server's money code); they are turned into numbers only to draw.
(() => {
  const DAY = 24 * 60 * 60 * 1000;
  const toDay = (iso) => Date.parse(iso + "T00:00:00Z") / DAY;
  const toIso = (day) => new Date(day * DAY).toISOString().slice(0, 10);
  const palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#ffc107", "#6c757d"];

  function readData(canvas) {
    const source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawFlights(canvas) {
    const data = readData(canvas);
    if (!data || !data.bars.length) return;
    const outlets = [...new Set(data.bars.map((b) => b.outlet))];
    const colour = (outlet) => palette[outlets.indexOf(outlet) % palette.length];
    canvas.parentElement.style.height = `${data.bars.length * 2 + 5}rem`;
    // The month shown on the calendar, or the span of the flights (with a day either side).
    const xMin = data.from ? toDay(data.from) : Math.min(...data.bars.map((b) => toDay(b.start))) - 1;
    const xMax = data.to ? toDay(data.to) + 1 : Math.max(...data.bars.map((b) => toDay(b.end))) + 2;
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.bars.map((b) => `${b.outlet} · ${b.placement}`),
        datasets: [{
          data: data.bars.map((b) => [toDay(b.start), toDay(b.end) + 1]),
          backgroundColor: data.bars.map((b) => colour(b.outlet)),
          borderSkipped: false,
          borderRadius: 3,
        }],
      },
      options: {
        animation: false,
        indexAxis: "y",
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const bar = data.bars[ctx.dataIndex];
                return `${bar.account}: ${bar.start} – ${bar.end} (${bar.status}, ${bar.gross})`;
              },
            },
          },
        },
        scales: {
          x: { type: "linear", min: xMin, max: xMax, ticks: { callback: (v) => toIso(v), maxTicksLimit: 8 } },
        },
      },
    });
  }

  // Money, not units: outlets sell spots, insertions, days or impressions, which do not add
  // up, but planned cost and spend compare across all of them.
  function drawEffect(canvas) {
    const data = readData(canvas);
    if (!data || !data.labels.length) return;
    const label = (key) => canvas.dataset[key] || key;
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: label("planned"), data: data.planned_gross.map(Number), backgroundColor: "#adb5bd" },
          { label: label("delivered"), data: data.spend.map(Number), backgroundColor: "#0d6efd" },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    });
  }

  const drawers = { flights: drawFlights, effect: drawEffect };

  function drawAll(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const existing = Chart.getChart(canvas);
      if (existing) existing.destroy();
      const draw = drawers[canvas.dataset.chart];
      if (draw) draw(canvas);
    });
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  // The media plan is swapped by htmx after a status change: redraw what came in.
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.target));
})();
