// One stream: its summary and event names, its consumers with offset, lag and time lag (table and live chart,
// refreshed every 2 s), and for admins the offset reset (with a confirmation dialog).
import {api, me} from '../api.js';
import {every, h, refresh, replace, segment, table, timeElement} from '../dom.js';
import {LagChart} from '../lag-chart.js';

export async function render(main, [name], query, ui) {
    const base = `/api/v1/streams/${segment(name)}`;
    const summary = h('div', {id: 'summary'});
    const consumers = h('div', {id: 'consumers'});
    const chartBox = h('div', {class: 'chart', role: 'img', 'aria-label':
        'Chart of the lag per consumer over the last 10 minutes; the table above has the current numbers'});
    const dialog = resetDialog(base, ui, () => load());
    main.append(
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ', name),
        h('h1', {}, `Stream ${name}`),
        summary,
        h('h2', {}, 'Consumers'),
        consumers,
        h('h2', {id: 'lag-chart-title'}, 'Lag per consumer, last 10 minutes'),
        chartBox,
        dialog.element);
    const chart = new LagChart(chartBox);

    const load = async () => {
        const [stream, lags] = await Promise.all([api(base), api(`${base}/consumers`)]);
        refresh(summary,
            h('dl', {class: 'facts'},
                h('dt', {}, 'Owner (producer id)'), h('dd', {}, stream.owner),
                h('dt', {}, 'Created'), h('dd', {}, timeElement(stream.createdAt)),
                h('dt', {}, 'Events'), h('dd', {}, String(stream.eventCount)),
                h('dt', {}, 'Last event'), h('dd', {}, timeElement(stream.lastEventAt))),
            table('Event names', ['Event name', 'Events', 'Look at'],
                Object.entries(stream.eventCounts).map(([eventName, count]) => [
                    eventName,
                    String(count),
                    h('a', {href: `#/streams/${segment(name)}/events/${segment(eventName)}`},
                        `Browse ${eventName}`),
                ]), 'No events.'),
            h('p', {}, h('a', {href: `#/streams/${segment(name)}/tail`}, 'Live tail of this stream')));
        const admin = me()?.admin;
        refresh(consumers, table('Consumers and their lag',
            ['Consumer', 'Event name', 'Offset', 'Last sequence', 'Lag (events)', 'Time lag', 'Acknowledged',
                ...(admin ? ['Admin'] : [])],
            lags.map(lag => [
                lag.consumerId,
                lag.eventName,
                String(lag.offset),
                String(lag.lastSequence),
                h('span', {'data-lag': `${lag.consumerId}/${lag.eventName}`}, String(lag.lag)),
                `${lag.timeLagSeconds.toFixed(1)} s`,
                timeElement(lag.acknowledgedAt),
                ...(admin ? [h('button', {type: 'button', 'data-key': `reset/${lag.consumerId}/${lag.eventName}`,
                    'aria-label': `Reset offset of ${lag.consumerId} for ${lag.eventName}`,
                    onclick: () => dialog.open(lag)}, 'Reset offset')]
                    : []),
            ]), 'No consumer has acknowledged an event of this stream yet.'));
        chart.add(lags.map(lag => [`${lag.consumerId} · ${lag.eventName}`, lag.lag]));
    };
    const stop = every(2000, load, ui.failed);
    return () => {
        stop();
        chart.destroy();
        dialog.element.close();
    };
}

/** The confirmation dialog of an offset reset (admins only; the server checks the role again). */
function resetDialog(base, ui, reload) {
    const sequence = h('input', {id: 'reset-sequence', type: 'number', min: 0, step: 1, required: true,
        inputmode: 'numeric'});
    const question = h('p', {id: 'reset-question'});
    const error = h('p', {class: 'refused', role: 'alert'});
    let target = null;
    const form = h('form', {method: 'dialog'},
        h('h2', {id: 'reset-title'}, 'Reset an offset'),
        question,
        h('label', {for: 'reset-sequence'}, 'New offset (0 replays from the first event)'),
        sequence,
        error,
        h('div', {class: 'actions'},
            h('button', {type: 'submit', value: 'reset', class: 'danger'}, 'Reset offset'),
            h('button', {type: 'button', value: 'cancel', onclick: () => element.close()}, 'Cancel')));
    const element = h('dialog', {'aria-labelledby': 'reset-title', 'aria-describedby': 'reset-question'}, form);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const {consumerId, eventName} = target;
        try {
            const result = await api(
                `${base}/consumers/${segment(consumerId)}/offsets/${segment(eventName)}`,
                {method: 'PUT', json: {sequence: Number(sequence.value)}});
            element.close();
            ui.status(`Offset of ${consumerId} for ${eventName} reset from ${result.previousOffset} to ` +
                `${result.offset}.`);
            await reload();
        } catch (failure) {
            error.textContent = failure.message;
        }
    });
    return {
        element,
        open(lag) {
            target = lag;
            replace(question, `Move the offset of consumer ${lag.consumerId} for ${lag.eventName}, now `
                + `${lag.offset} of ${lag.lastSequence}? Events after the new offset are handed over again.`);
            sequence.max = String(lag.lastSequence);
            sequence.value = '0';
            error.textContent = '';
            element.showModal();
            sequence.focus();
        },
    };
}
