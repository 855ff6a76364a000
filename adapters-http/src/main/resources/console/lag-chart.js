// Lag per consumer over the last minutes, drawn with uPlot (from its WebJar). The samples live in the page only;
// the table next to the chart carries the same numbers for screen readers.
import uPlot from './vendor/uPlot.esm.js';

const WINDOW_SECONDS = 10 * 60;
const COLOURS = ['#0b62a4', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d'];

export class LagChart {
    constructor(container) {
        this.container = container;
        this.times = [];
        this.series = new Map(); // "consumer · event name" → values aligned with times (null where unknown)
        this.plot = null;
        this.resize = () => this.plot?.setSize(this.size());
        window.addEventListener('resize', this.resize);
    }

    /** Adds one sample: the lag of each (consumer, event name) now. */
    add(lags) {
        const now = Date.now() / 1000;
        this.times.push(now);
        for (const values of this.series.values()) {
            values.push(null);
        }
        let added = false;
        for (const [key, lag] of lags) {
            if (!this.series.has(key)) {
                this.series.set(key, new Array(this.times.length).fill(null));
                added = true;
            }
            this.series.get(key)[this.times.length - 1] = lag;
        }
        while (this.times.length > 0 && this.times[0] < now - WINDOW_SECONDS) {
            this.times.shift();
            for (const values of this.series.values()) {
                values.shift();
            }
        }
        if (this.times.length < 2) {
            return; // one point has no time axis worth drawing
        }
        if (added || !this.plot) {
            this.draw();
        } else {
            this.plot.setData(this.data());
        }
    }

    data() {
        return [this.times, ...this.series.values()];
    }

    size() {
        return {width: Math.max(280, this.container.clientWidth - 16), height: 240};
    }

    draw() {
        this.plot?.destroy();
        const keys = [...this.series.keys()];
        this.plot = new uPlot({
            ...this.size(),
            scales: {
                // at least a minute wide, so that the first samples do not stretch over years
                x: {time: true, range: (u, min, max) => [Math.min(min, max - 60), max]},
                y: {range: (u, min, max) => [0, Math.max(1, max)]},
            },
            axes: [{}, {label: 'events behind', size: 60}],
            series: [{label: 'time'}, ...keys.map((key, index) => ({
                label: key,
                stroke: COLOURS[index % COLOURS.length],
                width: 2,
                spanGaps: false,
            }))],
        }, this.data(), this.container);
    }

    destroy() {
        window.removeEventListener('resize', this.resize);
        this.plot?.destroy();
        this.plot = null;
    }
}
