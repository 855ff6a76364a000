// One event, found by its id (GET /api/v1/streams/{stream}/events/{id}): pretty-printed with its numbers exactly as
// published, with a link to the event browser at its place.
import {raw} from '../api.js';
import {h, segment} from '../dom.js';
import {member, parse, pretty} from '../json.js';

export async function render(main, [name, id]) {
    // fetched before anything is shown: an unknown id is a "Not found" page
    const event = parse(await raw(`/api/v1/streams/${segment(name)}/events/${segment(id)}`));
    const eventName = member(event, 'eventName')?.value;
    const sequence = Number(member(event, 'sequence').text);
    main.append(
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ',
            h('a', {href: `#/streams/${segment(name)}`}, name), ' / event'),
        h('h1', {}, `Event ${id}`),
        h('dl', {class: 'facts'},
            h('dt', {}, 'Event name'), h('dd', {}, eventName ?? '—'),
            h('dt', {}, 'Sequence'), h('dd', {}, member(event, 'sequence').text),
            h('dt', {}, 'Received'), h('dd', {}, member(event, 'receivedAt')?.value ?? '—')),
        h('article', {class: 'event', 'aria-label': `Event ${id}`}, pretty(event)),
        eventName
            ? h('p', {}, h('a', {href: `#/streams/${segment(name)}/events/${segment(eventName)}?after=` +
                Math.max(0, sequence - 1)}, `Browse ${eventName} from here`))
            : null);
}
