// The consumers furthest behind across every stream the user may see (GET /api/v1/consumer-lags): lag in events and
// in time, the worst first, refreshed every 3 s. Sorted by events behind as the server answers, or by time behind.
import {api} from '../api.js';
import {every, h, refresh, segment, table, timeElement} from '../dom.js';

const LIMIT = 100;

export async function render(main, params, query, ui) {
    const state = {by: query.get('by') === 'time' ? 'time' : 'events'};
    const results = h('div', {id: 'consumer-lags'});
    const sort = h('select', {id: 'sort-by'},
        h('option', {value: 'events', selected: state.by === 'events'}, 'most events behind'),
        h('option', {value: 'time', selected: state.by === 'time'}, 'longest time behind'));
    let last = [];

    const show = () => {
        const lags = [...last];
        if (state.by === 'time') {
            lags.sort((a, b) => (b.timeLagSeconds ?? 0) - (a.timeLagSeconds ?? 0) || b.lag - a.lag);
        }
        refresh(results, table(`The ${LIMIT} consumers furthest behind, across the streams you may see`,
            ['Stream', 'Consumer', 'Event name', 'Lag (events)', 'Time lag', 'Offset', 'Last sequence',
                'Acknowledged'],
            lags.map(lag => [
                h('a', {href: `#/streams/${segment(lag.stream)}`}, lag.stream),
                lag.consumerId,
                lag.eventName,
                h('span', {'data-lag': `${lag.stream}/${lag.consumerId}/${lag.eventName}`}, String(lag.lag)),
                `${Number(lag.timeLagSeconds ?? 0).toFixed(1)} s`,
                String(lag.offset),
                String(lag.lastSequence),
                timeElement(lag.acknowledgedAt),
            ]), 'No consumer has acknowledged an event yet.'));
    };
    const load = async () => {
        const answer = await api(`/api/v1/consumer-lags?limit=${LIMIT}`);
        last = Array.isArray(answer) ? answer : (answer?.consumers ?? []);
        show();
    };
    sort.addEventListener('change', () => {
        state.by = sort.value;
        show();
    });
    await load(); // a refusal or an unreachable server shows as the page, not above an empty one
    main.append(
        h('h1', {}, 'Consumers'),
        h('p', {class: 'muted'}, 'Every consumer cursor of every stream you may see, the ones furthest behind ' +
            'first. A consumer has a cursor once it acknowledged an event (or an admin reset its offset).'),
        h('form', {class: 'filter', onsubmit: event => event.preventDefault()},
            h('label', {for: 'sort-by'}, 'Sort by'), sort),
        results);
    return every(3000, load, ui.failed);
}
