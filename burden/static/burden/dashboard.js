/* Dashboard charts: each chart's data comes from a json_script element named after it; clicking
   a bar or point opens the records behind it (series.links[i]). ECharts is served locally. */
(function () {
  "use strict";
  var palette = ["#1f4e8c", "#b3261e", "#e08a00", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037", "#c2185b", "#455a64"];
  function render(spec) {
    var el = document.getElementById("chart-" + spec.id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el);
    var category = { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: spec.horizontal ? 0 : (spec.categories.length > 6 ? 30 : 0), fontSize: 11 } };
    var value = { type: "value" };
    var series = spec.series.map(function (s, i) {
      var item = { name: s.name, type: spec.type, data: s.data, stack: spec.stack ? "total" : undefined, cursor: "pointer" };
      if (spec.markLine !== null && spec.markLine !== undefined && i === 0) {
        item.markLine = { silent: true, symbol: "none", data: [{ yAxis: spec.markLine, name: "标准" }], lineStyle: { color: "#b3261e", type: "dashed" } };
      }
      return item;
    });
    chart.setOption({
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: spec.horizontal ? 150 : 40, right: 16, top: 36, bottom: 8, containLabel: !spec.horizontal },
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? Object.assign({}, category, { axisLabel: { width: 140, overflow: "truncate", fontSize: 11 } }) : value,
      series: series
    });
    chart.on("click", function (params) {
      var s = spec.series[params.seriesIndex];
      var link = s && s.links && s.links[params.dataIndex];
      if (link) window.location.href = link;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var ids = JSON.parse(document.getElementById("burden-charts").textContent);
    ids.forEach(function (id) {
      var node = document.getElementById(id);
      if (node) render(JSON.parse(node.textContent));
    });
  });
})();
