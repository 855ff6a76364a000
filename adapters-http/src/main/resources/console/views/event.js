// One event, found by its id (GET /api/v1/streams/{stream}/events/{id}): pretty-printed with its numbers exactly as
// published, with a link to the event browser at its place; for admins, its redaction after a confirmation (issue 25:
// system, trigger and payload are erased; the event keeps its place).
import {api, me, raw} from '../api.js';
import {confirmDialog, h, replace, segment} from '../dom.js';
import {member, parse, pretty} from '../json.js';

export async function render(main, [name, id], query, ui) {
    const path = `/api/v1/streams/${segment(name)}/events/${segment(id)}`;
    // fetched before anything is shown: an unknown id is a "Not found" page
    let event = parse(await raw(path));
    const eventName = member(event, 'eventName')?.value;
    const sequence = Number(member(event, 'sequence').text);
    const article = h('article', {class: 'event', 'aria-label': `Event ${id}`}, pretty(event));
    const redacted = () => member(event, 'redacted')?.text === 'true';
    const state = h('p', {id: 'redacted-state', class: 'muted'});
    const showState = () => replace(state, redacted()
        ? 'Redacted: its system, trigger and payload were erased; it keeps its place.' : '');
    showState();
    const redact = confirmDialog('redact-event', 'Redact the event', 'Redact event', null, async close => {
        await api(path, {method: 'DELETE'});
        close();
        event = parse(await raw(path));
        replace(article, pretty(event));
        showState();
        ui.status(`Event ${id} redacted.`);
    });
    main.append(
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ',
            h('a', {href: `#/streams/${segment(name)}`}, name), ' / event'),
        h('h1', {}, `Event ${id}`),
        h('dl', {class: 'facts'},
            h('dt', {}, 'Event name'), h('dd', {}, eventName ?? '—'),
            h('dt', {}, 'Sequence'), h('dd', {}, member(event, 'sequence').text),
            h('dt', {}, 'Received'), h('dd', {}, member(event, 'receivedAt')?.value ?? '—')),
        state,
        article,
        eventName
            ? h('p', {}, h('a', {href: `#/streams/${segment(name)}/events/${segment(eventName)}?after=` +
                Math.max(0, sequence - 1)}, `Browse ${eventName} from here`))
            : null,
        me()?.admin
            ? h('p', {}, h('button', {type: 'button', class: 'danger', onclick: () => redact.open(
                `Redact event ${id} (${eventName} ${sequence})? Its system, trigger and payload are erased from ` +
                'storage for good; readers then get only its id, sequence, time, name and version.')},
                'Redact event'))
            : null,
        redact.element);
    return () => redact.element.close();
}
