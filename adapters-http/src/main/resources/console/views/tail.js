// The live tail: events of a stream as they are committed, one Server-Sent-Events stream per chosen event name
// (read with fetch, which can send the credentials), starting at the end. A browser keeps about six connections
// per server, so at most three names are followed at once. The names offered are the ones the stream's document
// counts: the 100 with the newest events (ADR 44).
import {api, events} from '../api.js';
import {h, replace, segment} from '../dom.js';
import {member, parse, pretty} from '../json.js';

const MAX_NAMES = 3;
const MAX_SHOWN = 100;

export async function render(main, [name], query, ui) {
    const stream = await api(`/api/v1/streams/${segment(name)}`);
    const names = Object.keys(stream.eventCounts ?? {});
    const followed = new Map(); // event name → AbortController
    const list = h('ol', {id: 'tail', class: 'tail', reversed: true, 'aria-live': 'off'});
    const counter = h('p', {id: 'tail-count', role: 'status', class: 'muted'}, 'Waiting for events…');
    let received = 0;

    const follow = eventName => {
        const controller = new AbortController();
        followed.set(eventName, controller);
        // from the end as it is now: the tail shows what is committed from here on
        const after = (stream.eventCounts ?? {})[eventName] ?? 0;
        events(`/api/v1/streams/${segment(name)}/event-names/${segment(eventName)}/events?after=${after}&limit=100`,
            controller.signal, message => {
                const event = parse(message.data);
                received++;
                counter.textContent = `${received} event${received === 1 ? '' : 's'} received.`;
                list.prepend(h('li', {class: 'event'},
                    h('h2', {}, `${message.event} #${message.id}`, ' ',
                        h('span', {class: 'muted'}, member(event, 'receivedAt').value)),
                    pretty(event)));
                while (list.children.length > MAX_SHOWN) {
                    list.lastElementChild.remove();
                }
            }).catch(ui.failed);
    };
    const unfollow = eventName => {
        followed.get(eventName)?.abort();
        followed.delete(eventName);
    };

    const boxes = names.map((eventName, index) => {
        const id = `follow-${index}`;
        const box = h('input', {type: 'checkbox', id, checked: index < MAX_NAMES});
        box.addEventListener('change', () => {
            if (box.checked && followed.size >= MAX_NAMES) {
                box.checked = false;
                ui.status(`At most ${MAX_NAMES} event names at once: clear another one first.`, true);
                return;
            }
            if (box.checked) {
                follow(eventName);
            } else {
                unfollow(eventName);
            }
        });
        return h('div', {class: 'check'}, box, h('label', {for: id}, eventName));
    });
    replace(main,
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ',
            h('a', {href: `#/streams/${segment(name)}`}, name), ' / live tail'),
        h('h1', {}, `Live tail of ${name}`),
        names.length === 0
            ? h('p', {}, 'This stream has no events yet.')
            : h('fieldset', {class: 'names'}, h('legend', {}, `Event names followed (at most ${MAX_NAMES})`), boxes),
        h('button', {type: 'button', onclick: () => list.replaceChildren()}, 'Clear'),
        counter,
        list);
    names.slice(0, MAX_NAMES).forEach(follow);
    return () => [...followed.keys()].forEach(unfollow);
}
