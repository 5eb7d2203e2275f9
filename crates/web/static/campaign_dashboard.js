// The campaign dashboard's charts, drawn with ECharts (served from /static, no CDN) from the
// figures the page embeds in <script type="application/json" id="dashboard-data">. The tables
// beside them hold the same figures and stay the page: without script (or ECharts) the chart
// boxes stay hidden and nothing is lost.
(function () {
  'use strict';
  var source = document.getElementById('dashboard-data');
  if (!source || !window.echarts) { return; }
  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  // A chart of many rows would be taller than the page: the first rows only, as in the table.
  var MAX_ROWS = 40;
  var charts = [];

  function box(id, rows) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    el.hidden = false;
    // One bar a row, tall enough for its label (set through the CSSOM, which the CSP allows).
    el.style.height = Math.max(220, Math.min(rows, MAX_ROWS) * 28 + 90) + 'px';
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    charts.push(chart);
    return chart;
  }

  function categories(names) {
    return {
      type: 'category', inverse: true, data: names.slice(0, MAX_ROWS),
      axisLabel: { width: 120, overflow: 'truncate' }
    };
  }

  function bars(title, names, series, stacked, percent) {
    return {
      aria: { enabled: true },
      title: { text: title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: series.length > 1 ? { top: 24, type: 'scroll' } : undefined,
      grid: { left: 8, right: 24, top: series.length > 1 ? 56 : 36, bottom: 8, containLabel: true },
      xAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } } : { type: 'value', minInterval: 1 },
      yAxis: categories(names),
      series: series.map(function (s) {
        return { name: s.name, type: 'bar', stack: stacked ? 'held' : undefined, data: s.values.slice(0, MAX_ROWS) };
      })
    };
  }

  if (data.held && data.rows && data.rows.length) {
    var c = box('chart-held', data.rows.length);
    if (c) { c.setOption(bars(data.held.title, data.rows, data.held.series, true, false)); }
  }
  if (data.rate && data.rows && data.rows.length) {
    var r = box('chart-rate', data.rows.length);
    if (r) { r.setOption(bars(data.rate.title, data.rows, [{ name: data.rate.name, values: data.rate.values }], false, true)); }
  }
  if (data.materials && data.materials.names.length) {
    var m = box('chart-materials', data.materials.names.length);
    if (m) {
      m.setOption(bars(data.materials.title, data.materials.names,
        [{ name: data.materials.name, values: data.materials.values }], false, false));
    }
  }
  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
}());
