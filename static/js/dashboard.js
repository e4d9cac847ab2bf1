// The dashboards' charts, drawn from <script type="application/json"> elements (json_script):
// no inline script, so the CSP can forbid them. Amounts arrive as strings (the server never
// uses floats for money); they become numbers here only to draw. Every bar carries its value,
// so the numbers read without hovering (the table beside each chart has them all too).
"use strict";

(() => {
  const palette = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997"];
  const lang = document.documentElement.lang || undefined;
  let numberFormat;
  try {
    numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  } catch (error) {
    numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  }

  // Writes each bar's value at its end (above a vertical bar, right of a horizontal one).
  const valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === "y";
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillStyle = "#212529";
      chart.data.datasets.forEach((dataset, index) => {
        const meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach((bar, i) => {
          const value = dataset.data[i];
          if (!value) return;
          const text = numberFormat.format(value);
          if (horizontal) {
            ctx.textAlign = "left";
            ctx.textBaseline = "middle";
            ctx.fillText(text, bar.x + 4, bar.y);
          } else {
            ctx.textAlign = "center";
            ctx.textBaseline = "bottom";
            ctx.fillText(text, bar.x, bar.y - 2);
          }
        });
      });
      ctx.restore();
    },
  };

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chartSource);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const horizontal = Boolean(data.horizontal);
    const valueAxis = { beginAtZero: true, grace: "12%", ticks: { callback: (v) => numberFormat.format(v) } };
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, index) => ({
          label: series.label,
          data: series.values.map(Number),
          backgroundColor: palette[index % palette.length],
          borderRadius: 2,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        layout: { padding: { right: horizontal ? 48 : 0, top: 4 } },
        plugins: { legend: { display: data.series.length > 1, position: "bottom" } },
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
      },
      plugins: [valueLabels],
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
