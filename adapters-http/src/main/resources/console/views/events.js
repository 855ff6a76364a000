// The event browser: pages through one (stream, event name) by sequence, oldest or newest first, without a consumer
// id (nothing is claimed or moved), each event pretty-printed with its numbers exactly as they were published.
// A page is the events after a sequence ("after"); newest first shows the same window the other way round, and
// "Jump to latest" moves the window to the end (sequences have no gaps: the count of a name is its last sequence;
// a name beyond the 100 the stream's document counts is looked up in the stream's event names).
// "Find" searches the name by time of receipt and a JSON object the events contain (ADR 67), page by page as the
// server's Link says; the name's JSON Schemas, one per version, are shown below (ADR 66).
import {api, raw, rawPage} from '../api.js';
import {h, replace, segment} from '../dom.js';
import {member, parse, pretty} from '../json.js';

const SIZES = [10, 25, 50, 100];

export async function render(main, [name, eventName], query, ui) {
    const base = `/api/v1/streams/${segment(name)}`;
    const state = {
        after: Math.max(0, Number.parseInt(query.get('after') ?? '0', 10) || 0),
        size: 10,
        newest: query.get('order') === 'newest',
        limit: 10, // of the window shown: the page size, or less for the first events before a later page
        events: [],
    };
    const latest = async () => {
        const stream = await api(base);
        const count = (stream.eventCounts ?? {})[eventName];
        if (count !== undefined || Object.keys(stream.eventCounts ?? {}).length >= (stream.eventNameCount ?? 0)) {
            return Number(count ?? 0);
        }
        return countOf(base, eventName);
    };
    const fetchPage = async () => parse(await raw(
        `${base}/event-names/${segment(eventName)}/events?after=${state.after}&limit=${state.limit}`)).items;
    if (state.newest && !query.has('after')) {
        state.after = Math.max(0, await latest() - state.size);
    }
    // the first page before anything is shown: an unknown stream is a "Not found" page, not an empty browser
    state.events = await fetchPage();

    const list = h('div', {id: 'events', 'aria-live': 'off'});
    const position = h('p', {id: 'position', class: 'muted', role: 'status'});
    const afterInput = h('input', {id: 'after', type: 'number', min: 0, step: 1, value: state.after,
        inputmode: 'numeric'});
    const sizeSelect = h('select', {id: 'size'},
        SIZES.map(size => h('option', {value: size, selected: size === state.size}, String(size))));
    const newestBox = h('input', {id: 'newest', type: 'checkbox', checked: state.newest});
    // "Next page" follows the reading order: later sequences oldest first, earlier ones newest first. The earlier
    // page ends where the shown one begins (the window before sequence 4 is 1..3, however large a page is).
    const earlier = () => {
        const after = Math.max(0, state.after - state.size);
        go(after, state.after - after);
    };
    const later = () => go(state.events.length > 0 ? Number(member(state.events.at(-1), 'sequence').text)
        : state.after);
    const previous = h('button', {type: 'button', onclick: () => (state.newest ? later() : earlier())},
        'Previous page');
    const next = h('button', {type: 'button', onclick: () => (state.newest ? earlier() : later())}, 'Next page');
    const jump = h('button', {type: 'button', id: 'latest', onclick: async () => {
        try {
            await go(Math.max(0, await latest() - state.size));
        } catch (error) {
            ui.failed(error);
        }
    }}, 'Jump to latest');

    const go = async (after, limit = state.size) => {
        state.after = after;
        state.limit = Math.max(1, limit);
        afterInput.value = String(after);
        try {
            state.events = await fetchPage();
            show();
        } catch (error) {
            ui.failed(error);
        }
    };
    const show = () => {
        const events = state.events;
        const full = events.length === state.limit;
        const atStart = state.after === 0;
        if (state.newest) {
            previous.disabled = !full; // newer events may follow a full window only
            next.disabled = atStart;
        } else {
            previous.disabled = atStart;
            next.disabled = !full;
        }
        const shown = state.newest ? [...events].reverse() : events;
        position.textContent = events.length === 0
            ? `No ${eventName} events after sequence ${state.after}.`
            : `Sequences ${member(shown[0], 'sequence').text} to ${member(shown.at(-1), 'sequence').text}` +
            (state.newest ? ', newest first.' : '.');
        replace(list, shown.map(event => {
            const sequence = member(event, 'sequence').text;
            return h('article', {class: 'event', 'aria-label': `Event ${sequence}`},
                h('h2', {}, `#${sequence}`, ' ',
                    h('span', {class: 'muted'}, member(event, 'eventId').value, ' · ',
                        member(event, 'receivedAt').value)),
                pretty(event));
        }));
    };
    newestBox.addEventListener('change', async () => {
        state.newest = newestBox.checked;
        if (state.newest) {
            jump.click(); // newest first starts with the newest
        } else {
            show();
        }
    });

    const sinceInput = h('input', {id: 'find-since', type: 'text', placeholder: '2026-12-05T00:00:00Z', size: 22});
    const untilInput = h('input', {id: 'find-until', type: 'text', placeholder: '2026-12-06T00:00:00Z', size: 22});
    // ids that no form property has: a control named "contains" would hide the form's contains() method
    const containsInput = h('input', {id: 'find-contains', type: 'text', placeholder: '{"payload":{"orderId":42}}',
        size: 30});
    const found = h('div', {id: 'found'});
    const foundStatus = h('p', {id: 'found-status', class: 'muted', role: 'status'});
    const more = h('button', {type: 'button', id: 'find-more', hidden: true}, 'Search on');
    let nextSearch = null;
    const search = async path => {
        try {
            const answer = await rawPage(path);
            const events = parse(answer.text).items;
            nextSearch = answer.next;
            more.hidden = nextSearch === null;
            foundStatus.textContent = `${events.length} found` +
                (nextSearch === null ? '; nothing more to search.' : '; more events to search.');
            replace(found, events.map(event => {
                const sequence = member(event, 'sequence').text;
                return h('article', {class: 'event', 'aria-label': `Found event ${sequence}`},
                    h('h2', {}, `#${sequence}`, ' ', h('span', {class: 'muted'}, member(event, 'receivedAt').value)),
                    pretty(event));
            }));
        } catch (error) {
            ui.failed(error);
        }
    };
    more.addEventListener('click', () => nextSearch && search(nextSearch));
    const schemas = h('section', {id: 'schemas', 'aria-label': 'Schemas'}, h('h2', {}, 'Schemas'));
    const showSchemas = async () => {
        try {
            const listed = await api(`${base}/event-names/${segment(eventName)}/schemas`);
            const shown = await Promise.all(listed.versions.map(async version => h('details', {class: 'schema'},
                h('summary', {}, `Version ${version}`),
                pretty(parse(await raw(`${base}/event-names/${segment(eventName)}/schemas/${version}`))))));
            replace(schemas, h('h2', {}, 'Schemas'), shown.length === 0
                ? h('p', {class: 'muted'}, `No schema: ${eventName} events are not validated.`)
                : [h('p', {class: 'muted'}, `Every ${eventName} event is validated against the schema of its version.`),
                    ...shown]);
        } catch (error) {
            ui.failed(error);
        }
    };

    main.append(
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ',
            h('a', {href: `#/streams/${segment(name)}`}, name), ' / ', eventName),
        h('h1', {}, `${eventName} events of ${name}`),
        h('form', {class: 'filter', onsubmit: event => {
            event.preventDefault();
            state.size = Number(sizeSelect.value);
            go(Math.max(0, Number.parseInt(afterInput.value, 10) || 0));
        }},
            h('label', {for: 'after'}, 'After sequence'), afterInput,
            h('label', {for: 'size'}, 'Per page'), sizeSelect,
            h('button', {type: 'submit'}, 'Show'),
            h('span', {class: 'check'}, newestBox, h('label', {for: 'newest'}, 'Newest first')),
            jump),
        position,
        list,
        h('div', {class: 'pager'}, previous, next),
        h('h2', {}, 'Find'),
        h('form', {class: 'filter', id: 'find', onsubmit: event => {
            event.preventDefault();
            const parameters = new URLSearchParams({limit: String(state.size)});
            for (const [key, input] of [['since', sinceInput], ['until', untilInput], ['contains', containsInput]]) {
                if (input.value.trim() !== '') {
                    parameters.set(key, input.value.trim());
                }
            }
            search(`${base}/event-names/${segment(eventName)}/events?${parameters}`);
        }},
            h('label', {for: 'find-since'}, 'Received from'), sinceInput,
            h('label', {for: 'find-until'}, 'until'), untilInput,
            h('label', {for: 'find-contains'}, 'Contains'), containsInput,
            h('button', {type: 'submit'}, 'Find')),
        foundStatus,
        found,
        more,
        schemas);
    show();
    showSchemas();
}

const UTF8 = new TextEncoder();

/** Compares two strings by their UTF-8 bytes, the order of the API's event names. */
function compareBytes(a, b) {
    const x = UTF8.encode(a);
    const y = UTF8.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        if (x[i] !== y[i]) {
            return x[i] - y[i];
        }
    }
    return x.length - y.length;
}

/**
 * The number of events of a name that is not in the stream's document, which carries the counts of the 100 names
 * with the newest events only (ADR 44): looked up in the pages of the stream's event names, starting after the name
 * without its last character (which sorts before it), until the name or a later one shows.
 */
async function countOf(base, eventName) {
    const prefix = [...eventName].slice(0, -1).join('');
    let path = `${base}/event-names` + (prefix.trim() === '' ? '' : `?after=${encodeURIComponent(prefix)}`);
    for (;;) {
        const page = await api(path);
        for (const each of page.eventNames) {
            const order = compareBytes(each.name, eventName);
            if (order === 0) {
                return Number(each.count);
            }
            if (order > 0) {
                return 0;
            }
        }
        if (page.next === null) {
            return 0;
        }
        path = `${base}/event-names?after=${encodeURIComponent(page.next)}`;
    }
}
