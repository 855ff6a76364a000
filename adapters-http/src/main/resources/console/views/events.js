// The event browser: pages through one (stream, event name) by sequence, without a consumer id (nothing is
// claimed or moved), each event pretty-printed with its numbers exactly as they were published.
import {raw} from '../api.js';
import {h, replace, segment} from '../dom.js';
import {member, parse, pretty} from '../json.js';

const SIZES = [10, 25, 50, 100];

export async function render(main, [name, eventName], query, ui) {
    const state = {after: Math.max(0, Number.parseInt(query.get('after') ?? '0', 10) || 0), size: 10};
    const list = h('div', {id: 'events', 'aria-live': 'off'});
    const position = h('p', {id: 'position', class: 'muted'});
    const afterInput = h('input', {id: 'after', type: 'number', min: 0, step: 1, value: state.after,
        inputmode: 'numeric'});
    const sizeSelect = h('select', {id: 'size'},
        SIZES.map(size => h('option', {value: size, selected: size === state.size}, String(size))));
    const previous = h('button', {type: 'button', onclick: () => go(Math.max(0, state.after - state.size))},
        'Previous page');
    const next = h('button', {type: 'button', onclick: () => go(state.last)}, 'Next page');

    const go = async after => {
        state.after = after;
        afterInput.value = String(after);
        try {
            await load();
        } catch (error) {
            ui.failed(error);
        }
    };
    const load = async () => {
        const text = await raw(`/api/v1/streams/${segment(name)}/event-names/${segment(eventName)}/events` +
            `?after=${state.after}&limit=${state.size}`);
        const events = parse(text).items;
        state.last = events.length > 0 ? Number(member(events.at(-1), 'sequence').text) : state.after;
        previous.disabled = state.after === 0;
        next.disabled = events.length < state.size;
        position.textContent = events.length === 0
            ? `No ${eventName} events after sequence ${state.after}.`
            : `Sequences ${member(events[0], 'sequence').text} to ${state.last}.`;
        replace(list, events.map(event => {
            const sequence = member(event, 'sequence').text;
            return h('article', {class: 'event', 'aria-label': `Event ${sequence}`},
                h('h2', {}, `#${sequence}`, ' ',
                    h('span', {class: 'muted'}, member(event, 'eventId').value, ' · ',
                        member(event, 'receivedAt').value)),
                pretty(event));
        }));
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
            h('button', {type: 'submit'}, 'Show')),
        position,
        list,
        h('div', {class: 'pager'}, previous, next));
    await load();
}
