// Events per second published to a stream and acknowledged in it, per interval of the server's counters
// (GET /api/v1/streams/{stream}/rates), drawn with uPlot. The numbers next to the chart say the same in text.
import uPlot from './vendor/uPlot.esm.js';

const SERIES = [
    {label: 'published / s', stroke: '#0b62a4', member: 'published'},
    {label: 'acknowledged / s', stroke: '#c2410c', member: 'acknowledged'},
];

export class RatesChart {
    constructor(container) {
        this.container = container;
        this.plot = null;
        this.resize = () => this.plot?.setSize(this.size());
        window.addEventListener('resize', this.resize);
    }

    /** Draws the intervals of a rates document (oldest first). */
    show(rates) {
        const seconds = rates.intervalSeconds || 5;
        const intervals = rates.intervals ?? [];
        const data = [
            intervals.map(interval => Date.parse(interval.start) / 1000),
            ...SERIES.map(series => intervals.map(interval => (interval[series.member] ?? 0) / seconds)),
        ];
        if (data[0].length < 2) {
            return; // one point has no time axis worth drawing
        }
        if (this.plot) {
            this.plot.setData(data);
            return;
        }
        this.plot = new uPlot({
            ...this.size(),
            scales: {
                x: {time: true, range: (u, min, max) => [Math.min(min, max - 60), max]},
                y: {range: (u, min, max) => [0, Math.max(1, max)]},
            },
            axes: [{}, {label: 'events per second', size: 60}],
            series: [{label: 'time'}, ...SERIES.map(series => ({
                label: series.label, stroke: series.stroke, width: 2,
            }))],
        }, data, this.container);
    }

    size() {
        return {width: Math.max(280, this.container.clientWidth - 16), height: 220};
    }

    destroy() {
        window.removeEventListener('resize', this.resize);
        this.plot?.destroy();
        this.plot = null;
    }
}
