/* Dashboard charts: each chart's data comes from a json_script element named after it; clicking
   a bar or point opens the records behind it (series.links[i]). ECharts is served locally. */
(function () {
  "use strict";
  var palette = ["#1f4e8c", "#b3261e", "#e08a00", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037", "#c2185b", "#455a64"];
  function render(spec) {
    var el = document.getElementById("chart-" + spec.id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el);
    var partialNote = el.getAttribute("data-partial-note") || "";
    var n = spec.categories.length;
    var dense = !spec.horizontal && n > 12;
    // Dense axes (the weekly chart's ~50 weeks) show every few labels, unrotated, as MM-DD.
    var category = {
      type: "category",
      data: spec.categories,
      axisLabel: {
        interval: dense ? "auto" : 0,
        hideOverlap: dense,
        rotate: spec.horizontal || dense ? 0 : (n > 6 ? 30 : 0),
        fontSize: 11,
        formatter: dense ? function (v) { return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.slice(5) : v; } : undefined
      }
    };
    var value = { type: "value" };
    // The current period (month or week) is still running: its point is drawn dashed, joined to
    // the last complete one, so a part-period's low figure does not read as a plunge.
    var partial = spec.partial;
    var hasPartial = spec.type === "line" && partial !== null && partial !== undefined && partial > 0;
    var series = [];
    spec.series.forEach(function (s, i) {
      var data = s.data;
      if (hasPartial) data = s.data.map(function (v, k) { return k < partial ? v : null; });
      var item = { name: s.name, type: spec.type, data: data, stack: spec.stack ? "total" : undefined, cursor: "pointer", connectNulls: false, _index: i };
      if (spec.markLine !== null && spec.markLine !== undefined && i === 0) {
        item.markLine = { silent: true, symbol: "none", data: [{ yAxis: spec.markLine, name: "标准" }], lineStyle: { color: "#b3261e", type: "dashed" }, label: { position: "end", formatter: "{c}" } };
      }
      series.push(item);
      if (hasPartial) {
        series.push({
          name: s.name, type: spec.type, cursor: "pointer", _index: i, _partial: true,
          data: s.data.map(function (v, k) { return k === partial - 1 || k === partial ? v : null; }),
          lineStyle: { type: "dashed" }, itemStyle: { opacity: 0.6 }
        });
      }
    });
    var colors = {};
    spec.series.forEach(function (s, i) { colors[s.name] = palette[i % palette.length]; });
    chart.setOption({
      color: palette,
      tooltip: {
        trigger: "axis",
        formatter: hasPartial ? function (params) {
          var seen = {}, lines = [params.length ? params[0].axisValueLabel : ""];
          params.forEach(function (p) {
            var s = series[p.seriesIndex];
            if (p.value === null || p.value === undefined || seen[p.seriesName]) return;
            if (s._partial && p.dataIndex !== partial) return;
            seen[p.seriesName] = true;
            lines.push(p.marker + p.seriesName + "：" + p.value + (p.dataIndex === partial ? partialNote : ""));
          });
          return lines.join("<br>");
        } : undefined
      },
      legend: { type: "scroll", top: 0, data: spec.series.map(function (s) { return s.name; }) },
      grid: { left: spec.horizontal ? 150 : 40, right: spec.markLine !== null && spec.markLine !== undefined ? 48 : 16, top: 36, bottom: 8, containLabel: !spec.horizontal },
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? Object.assign({}, category, { axisLabel: { width: 140, overflow: "truncate", fontSize: 11 } }) : value,
      series: series.map(function (s) {
        var copy = Object.assign({}, s);
        var color = colors[s.name];
        copy.itemStyle = Object.assign({ color: color }, s.itemStyle || {});
        if (spec.type === "line") copy.lineStyle = Object.assign({ color: color }, s.lineStyle || {});
        delete copy._index; delete copy._partial;
        return copy;
      })
    });
    chart.on("click", function (params) {
      var s = spec.series[series[params.seriesIndex]._index];
      var link = s && s.links && s.links[params.dataIndex];
      if (link) window.location.href = link;
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
