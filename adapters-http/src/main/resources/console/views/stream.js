// One stream: its summary and event names, its publish and acknowledge rates (from the server's counters), its
// consumers with offset, lag, time lag, events in flight and dead letters (a link to them; table and live chart,
// refreshed every 2 s), a look-up by event id, a form
// to publish a test event (for users who may publish to it), and for admins the offset reset (with a confirmation).
// Event names and consumers come in pages (ADR 44): the names from their own route, the consumers as the API names
// the next page in its Link header.
import {allows, api, me, page} from '../api.js';
import {confirmDialog, every, h, pager, refresh, segment, table, timeElement} from '../dom.js';
import {parse} from '../json.js';
import {LagChart} from '../lag-chart.js';
import {RatesChart} from '../rates-chart.js';

const PAGE = 100;

export async function render(main, [name], query, ui) {
    const base = `/api/v1/streams/${segment(name)}`;
    // the page of each list shown, the ones before it (for "Previous"), and the next one as last answered
    const pages = {
        names: {path: `${base}/event-names?limit=${PAGE}`, back: [], next: null},
        consumers: {path: `${base}/consumers?limit=${PAGE}`, back: [], next: null},
    };
    // first the stream itself: an unknown stream is a "Not found" page, not an error above an empty one
    const first = await api(base);
    const summary = h('div', {id: 'summary'});
    const ratesNow = h('p', {id: 'rates-now', class: 'rates-now'});
    const ratesBox = h('div', {class: 'chart', id: 'rates-chart', role: 'img', 'aria-label':
        'Chart of the events published and acknowledged per second over the last 10 minutes; the numbers above ' +
        'are the last minute\'s'});
    const consumers = h('div', {id: 'consumers'});
    const chartBox = h('div', {class: 'chart', id: 'lag-chart', role: 'img', 'aria-label':
        'Chart of the lag per consumer over the last 10 minutes; the table above has the current numbers'});
    const dialog = resetDialog(base, ui, () => load());
    main.append(
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ', name),
        h('h1', {}, `Stream ${name}`),
        summary,
        h('h2', {id: 'rates-title'}, 'Publish and acknowledge rates, last 10 minutes'),
        ratesNow,
        ratesBox,
        h('p', {class: 'muted'}, 'Counted by the server process that answers: behind a load balancer, one ' +
            'node\'s share.'),
        h('h2', {}, 'Consumers'),
        consumers,
        h('h2', {id: 'lag-chart-title'}, 'Lag per consumer, last 10 minutes'),
        chartBox,
        lookupForm(name),
        allows('publish', name) ? publishForm(name, first, ui, () => load()) : null,
        dialog.element);
    const lagChart = new LagChart(chartBox);
    const ratesChart = new RatesChart(ratesBox);

    const show = (stream, names, lags) => {
        const counts = names.eventNames.map(each => [each.name, each.count]);
        pages.names.next = names.next === null ? null
            : `${base}/event-names?limit=${PAGE}&after=${encodeURIComponent(names.next)}`;
        refresh(summary,
            h('dl', {class: 'facts'},
                h('dt', {}, 'Owner (producer id)'), h('dd', {}, stream.owner),
                h('dt', {}, 'Created'), h('dd', {}, timeElement(stream.createdAt)),
                h('dt', {}, 'Events'), h('dd', {}, String(stream.eventCount)),
                h('dt', {}, 'Event names'), h('dd', {}, String(stream.eventNameCount ?? counts.length)),
                h('dt', {}, 'Last event'), h('dd', {}, timeElement(stream.lastEventAt))),
            table('Event names', ['Event name', 'Events', 'Look at'],
                counts.map(([eventName, count]) => [
                    eventName,
                    String(count),
                    h('a', {href: `#/streams/${segment(name)}/events/${segment(eventName)}`},
                        `Browse ${eventName}`),
                ]), 'No events.'),
            pager(pages.names, load, ui.failed, 'event names'),
            h('p', {}, h('a', {href: `#/streams/${segment(name)}/tail`}, 'Live tail of this stream')));
        const admin = me()?.admin;
        refresh(consumers, table('Consumers and their lag',
            ['Consumer', 'Event name', 'Offset', 'Last sequence', 'Lag (events)', 'Time lag', 'In flight',
                'Dead letters', 'Acknowledged', ...(admin ? ['Admin'] : [])],
            lags.map(lag => [
                lag.consumerId,
                lag.eventName,
                String(lag.offset),
                String(lag.lastSequence),
                h('span', {'data-lag': `${lag.consumerId}/${lag.eventName}`}, String(lag.lag)),
                `${Number(lag.timeLagSeconds ?? 0).toFixed(1)} s`,
                h('span', {'data-in-flight': `${lag.consumerId}/${lag.eventName}`}, String(lag.inFlight ?? 0)),
                deadLetterCell(name, lag),
                timeElement(lag.acknowledgedAt),
                ...(admin ? [h('button', {type: 'button', 'data-key': `reset/${lag.consumerId}/${lag.eventName}`,
                    'aria-label': `Reset offset of ${lag.consumerId} for ${lag.eventName}`,
                    onclick: () => dialog.open(lag)}, 'Reset offset')]
                    : []),
            ]), 'No consumer has acknowledged an event of this stream yet.'),
            pager(pages.consumers, load, ui.failed, 'consumers'));
        lagChart.add(lags.map(lag => [`${lag.consumerId} · ${lag.eventName}`, lag.lag]));
    };
    const load = async () => {
        const [stream, names, consumerPage] = await Promise.all([api(base), api(pages.names.path),
            page(pages.consumers.path)]);
        pages.consumers.next = consumerPage.next;
        show(stream, names, consumerPage.items);
    };
    const loadRates = async () => {
        const rates = await api(`${base}/rates`);
        refresh(ratesNow,
            h('span', {}, 'Published: ', h('strong', {id: 'published-rate'}, perSecond(rates.publishedPerSecond))),
            h('span', {}, 'Acknowledged: ',
                h('strong', {id: 'acknowledged-rate'}, perSecond(rates.acknowledgedPerSecond))),
            h('span', {class: 'muted'}, 'events per second over the last minute'));
        ratesChart.show(rates);
    };
    const stops = [every(2000, load, ui.failed), every(5000, loadRates, ui.failed)];
    return () => {
        stops.forEach(stop => stop());
        lagChart.destroy();
        ratesChart.destroy();
        dialog.element.close();
    };
}

/** The count of a consumer's dead letters; when there are any, a link to them (ADR 52). */
function deadLetterCell(name, lag) {
    const count = Number(lag.deadLetters ?? 0);
    const key = `${lag.consumerId}/${lag.eventName}`;
    return count === 0
        ? h('span', {'data-dead-letters': key}, '0')
        : h('a', {'data-dead-letters': key, 'aria-label': `${count} dead letters of ${lag.consumerId} for ` +
            lag.eventName, href: `#/streams/${segment(name)}/consumers/${segment(lag.consumerId)}/dead-letters/` +
            segment(lag.eventName)}, String(count));
}

function perSecond(value) {
    const number = Number(value ?? 0);
    return `${number < 10 ? number.toFixed(2) : number.toFixed(1)} / s`;
}

/** Look up one event by its id: opens the event's page. */
function lookupForm(name) {
    const input = h('input', {id: 'lookup-id', required: true, autocomplete: 'off', spellcheck: 'false',
        placeholder: '0193f1d2-6c1e-7a4b-9f0e-2d1c5b7a8e90', 'aria-describedby': 'lookup-help'});
    return h('form', {class: 'lookup', 'aria-labelledby': 'lookup-title', onsubmit: event => {
        event.preventDefault();
        location.hash = `#/streams/${segment(name)}/ids/${segment(input.value.trim())}`;
    }},
        h('h2', {id: 'lookup-title'}, 'Find an event by its id'),
        h('label', {for: 'lookup-id'}, 'Event id'),
        input,
        h('span', {id: 'lookup-help', class: 'muted'}, 'The id a publish answered (a UUID).'),
        h('button', {type: 'submit'}, 'Find event'));
}

/**
 * A form that publishes one test event to this stream with a producer id of the user's. The payload is sent as
 * typed (checked to be a JSON object first), so its numbers stay exact.
 */
function publishForm(name, stream, ui, reload) {
    const names = Object.keys(stream.eventCounts ?? {});
    const producer = h('input', {id: 'publish-producer', required: true, value: stream.owner, autocomplete: 'off',
        'aria-describedby': 'publish-producer-help'});
    const eventName = h('input', {id: 'publish-name', required: true, list: 'publish-names', autocomplete: 'off',
        value: names[0] ?? ''});
    const version = h('input', {id: 'publish-version', type: 'number', min: 1, step: 1, value: 1, required: true,
        inputmode: 'numeric'});
    const payload = h('textarea', {id: 'publish-payload', rows: 5, spellcheck: 'false',
        'aria-describedby': 'publish-payload-help'}, '{}');
    const error = h('p', {class: 'refused', role: 'alert'});
    const form = h('form', {class: 'publish panel', 'aria-labelledby': 'publish-title'},
        h('h2', {id: 'publish-title'}, 'Publish a test event'),
        h('label', {for: 'publish-producer'}, 'Producer id'), producer,
        h('span', {id: 'publish-producer-help', class: 'muted'},
            'The stream\'s owner; the id must be yours (or unclaimed).'),
        h('label', {for: 'publish-name'}, 'Event name'), eventName,
        h('datalist', {id: 'publish-names'}, names.map(each => h('option', {value: each}))),
        h('label', {for: 'publish-version'}, 'Version'), version,
        h('label', {for: 'publish-payload'}, 'Payload'), payload,
        h('span', {id: 'publish-payload-help', class: 'muted'},
            'A JSON object, sent exactly as written. System and trigger say it came from this console.'),
        error,
        h('button', {type: 'submit'}, 'Publish event'));
    form.addEventListener('submit', async submitted => {
        submitted.preventDefault();
        error.textContent = '';
        const text = payload.value.trim();
        try {
            if (parse(text).type !== 'object') {
                throw new SyntaxError('it is not an object');
            }
        } catch (invalid) {
            error.textContent = `The payload must be a JSON object: ${invalid.message}.`;
            payload.focus();
            return;
        }
        const body = `{"event":${JSON.stringify({name: eventName.value, version: Number(version.value)})},` +
            `"system":${JSON.stringify(system())},` +
            `"trigger":${JSON.stringify({type: 'console', name: `eventserver console, user ${me().login}`})},` +
            `"payload":${text}}`;
        try {
            const id = await api(`/api/v1/streams/${segment(name)}/events`,
                {method: 'POST', text: body, headers: {'X-Producer-ID': producer.value}});
            ui.status(`Published ${eventName.value} to ${name}: event ${id}.`);
            await reload();
        } catch (failure) {
            error.textContent = failure.message;
        }
    });
    return form;
}

/** The system section of a console event: the browser's local time and zone. */
function system() {
    const now = new Date();
    const two = value => String(value).padStart(2, '0');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return {
        id: 'console',
        name: 'eventserver console',
        time: `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ` +
            `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`,
        timezone: zone || 'UTC',
    };
}

/** The confirmation dialog of an offset reset (admins only; the server checks the role again). */
function resetDialog(base, ui, reload) {
    const sequence = h('input', {id: 'reset-sequence', type: 'number', min: 0, step: 1, required: true,
        inputmode: 'numeric'});
    let target = null;
    const dialog = confirmDialog('reset', 'Reset an offset', 'Reset offset',
        [h('label', {for: 'reset-sequence'}, 'New offset (0 replays from the first event)'), sequence],
        async close => {
            const {consumerId, eventName} = target;
            const result = await api(
                `${base}/consumers/${segment(consumerId)}/offsets/${segment(eventName)}`,
                {method: 'PUT', json: {sequence: Number(sequence.value)}});
            close();
            ui.status(`Offset of ${consumerId} for ${eventName} reset from ${result.previousOffset} to ` +
                `${result.offset}.`);
            await reload();
        });
    return {
        element: dialog.element,
        open(lag) {
            target = lag;
            sequence.max = String(lag.lastSequence);
            sequence.value = '0';
            dialog.open(`Move the offset of consumer ${lag.consumerId} for ${lag.eventName}, now ${lag.offset} of ` +
                `${lag.lastSequence}? Events after the new offset are handed over again.`, sequence);
        },
    };
}
