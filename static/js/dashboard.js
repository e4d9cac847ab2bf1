// The dashboards' charts, drawn from <script type="application/json"> elements (json_script):
// no inline script, so the CSP can forbid them. Amounts arrive as strings (the server never
// uses floats for money); they become numbers here only to draw. Every bar carries its value,
// so the numbers read without hovering (the table beside each chart has them all too).
"use strict";

(() => {
  const palette = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997"];
  const lang = document.documentElement.lang || undefined;
  const format = (options) => {
    try {
      return new Intl.NumberFormat(lang, options);
    } catch (error) {
      return new Intl.NumberFormat(undefined, options);
    }
  };
  const numberFormat = format({ maximumFractionDigits: 2 });
  // Amounts on the bars are short ("2万", "20K"): side by side they must not overlap. The
  // exact amounts are in the table beside the chart.
  const compactFormat = format({ notation: "compact", maximumFractionDigits: 1 });

  // Writes each bar's value at its end (above a vertical bar, right of a horizontal one).
  const valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === "y";
      ctx.save();
      ctx.font = "10px system-ui, sans-serif";
      const short = chart.options.plugins.valueLabels.compact ? compactFormat : numberFormat;
      ctx.fillStyle = "#212529";
      chart.data.datasets.forEach((dataset, index) => {
        const meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach((bar, i) => {
          const value = dataset.data[i];
          if (!value) return;
          const text = short.format(value);
          if (horizontal) {
            ctx.textAlign = value < 0 ? "right" : "left";
            ctx.textBaseline = "middle";
            ctx.fillText(text, bar.x + (value < 0 ? -4 : 4), bar.y);
          } else {
            ctx.textAlign = "center";
            ctx.textBaseline = value < 0 ? "top" : "bottom";
            ctx.fillText(text, bar.x, bar.y + (value < 0 ? 2 : -2));
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
    const ticks = data.integer
      ? { precision: 0, callback: (v) => numberFormat.format(v) }
      : { callback: (v) => compactFormat.format(v) };
    const valueAxis = { beginAtZero: true, grace: "15%", ticks };
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
        layout: { padding: { right: horizontal ? 48 : 16, top: 4 } },
        plugins: {
          legend: { display: data.series.length > 1, position: "bottom" },
          valueLabels: { compact: Boolean(data.currency) },
        },
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
