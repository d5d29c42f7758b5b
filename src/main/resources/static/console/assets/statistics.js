// Draws the statistics page's charts from the numbers in the page (#chart-data); the same numbers
// stand in the tables below the charts. No inline script: the console's CSP allows 'self' only.
(function () {
  function draw() {
    var source = document.getElementById('chart-data');
    if (!source || typeof Chart === 'undefined') {
      return;
    }
    var data = JSON.parse(source.textContent);
    var palette = ['#1f5fa8', '#b5442c', '#2e7d32', '#6a3d9a', '#8a6d00', '#00796b', '#ad1457', '#455a64', '#ef6c00', '#5d4037', '#3949ab'];
    var categories = Object.keys(data.byCategory).map(function (code, i) {
      return { label: (data.names && data.names[code]) || code, data: data.byCategory[code], backgroundColor: palette[i % palette.length] };
    });
    window.meldewegCharts = [
      new Chart(document.getElementById('chart-categories'), {
        type: 'bar',
        data: { labels: data.labels, datasets: categories },
        options: { animation: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
      }),
      new Chart(document.getElementById('chart-times'), {
        type: 'line',
        data: {
          labels: data.labels,
          datasets: [
            { label: 'Weiterleitung', data: data.forwardMedian, borderColor: palette[0] },
            { label: 'Erste Antwort', data: data.answerMedian, borderColor: palette[1] },
            { label: 'Abschluss', data: data.closeMedian, borderColor: palette[2] }
          ]
        },
        options: { animation: false, responsive: true, spanGaps: true, scales: { y: { beginAtZero: true } } }
      })
    ];
    document.body.setAttribute('data-charts', 'drawn');
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
