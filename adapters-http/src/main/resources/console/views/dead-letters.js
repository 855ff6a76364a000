// A consumer's dead letters for one event name (issue 24, ADR 52): the events a leased reader failed too often, in
// sequence order, in pages that follow the API's "next" (the "after" of the next page). Each can be sent back to
// the consumer (RETRY: leasable again, its deliveries counted from 0) or deleted from the list after a confirmation
// (it stays done). Only the user the consumer id belongs to and admins may see them; others get the "Not allowed"
// page. Documents are shown with their numbers exactly as published. Not refreshed on a timer: an open document
// would fold up under the reader; the list is read again after every action and with "Refresh".
import {api, raw} from '../api.js';
import {confirmDialog, h, pager, replace, segment, timeElement} from '../dom.js';
import {member, parse, pretty} from '../json.js';

const PAGE = 25;

export async function render(main, [name, consumer, eventName], query, ui) {
    const base = `/api/v1/streams/${segment(name)}/consumers/${segment(consumer)}/dead-letters`;
    const first = `${base}?eventName=${encodeURIComponent(eventName)}&limit=${PAGE}`;
    const pages = {path: first, back: [], next: null};
    const list = h('div', {id: 'dead-letters'});
    const position = h('p', {id: 'dead-letters-position', class: 'muted'});
    const pagerBox = h('div');
    const dialog = deleteDialog(base, consumer, ui, () => load());

    const load = async () => {
        const answer = parse(await raw(pages.path));
        const next = member(answer, 'next');
        pages.next = next.type === 'number' ? `${first}&after=${next.text}` : null;
        show(member(answer, 'deadLetters').items);
    };
    const show = deadLetters => {
        position.textContent = deadLetters.length === 0
            ? (pages.back.length === 0 ? `No dead letters of ${consumer} for ${eventName}.` : 'No more dead letters.')
            : `Sequences ${member(deadLetters[0], 'sequence').text} to ${member(deadLetters.at(-1), 'sequence').text}.`;
        replace(list, deadLetters.map(deadLetter => {
            const sequence = member(deadLetter, 'sequence').text;
            const id = member(deadLetter, 'eventId').value;
            const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
            return h('article', {class: 'event dead-letter', 'aria-label': `Dead letter ${sequence}`,
                'data-event-id': id},
                h('h2', {}, `#${sequence}`, ' ', h('span', {class: 'muted'}, id)),
                h('dl', {class: 'facts'},
                    fact('Deliveries', member(deadLetter, 'deliveries').text),
                    fact('Dead-lettered', timeElement(member(deadLetter, 'deadLetteredAt').value)),
                    fact('Received', timeElement(member(deadLetter, 'receivedAt').value))),
                h('div', {class: 'actions'},
                    h('button', {type: 'button', 'aria-label': `Retry event ${sequence}`, onclick: () =>
                        retry(id, sequence).catch(ui.failed)}, 'Retry'),
                    h('button', {type: 'button', class: 'danger', 'aria-label': `Delete dead letter ${sequence}`,
                        onclick: () => dialog.open(id, sequence)}, 'Delete')),
                h('details', {}, h('summary', {}, 'The event'), pretty(deadLetter)));
        }));
        replace(pagerBox, pager(pages, load, ui.failed, 'dead letters'));
    };
    const retry = async (id, sequence) => {
        await api(`${base}/${segment(id)}`, {method: 'POST', text: 'action=RETRY',
            contentType: 'application/x-www-form-urlencoded'});
        ui.status(`Event ${sequence} is leasable again for ${consumer}, its deliveries counted from 0.`);
        await load();
    };

    await load(); // a refusal or an unknown stream shows as the page, not above an empty list
    main.append(
        h('p', {class: 'crumbs'}, h('a', {href: '#/streams'}, 'Streams'), ' / ',
            h('a', {href: `#/streams/${segment(name)}`}, name), ' / ', `${consumer} · ${eventName}`),
        h('h1', {}, `Dead letters of ${consumer}`),
        h('p', {class: 'muted'}, `Events of ${eventName} that were leased to ${consumer} too many times without ` +
            'being acknowledged. Retry hands one to the consumer again; Delete removes it from this list (it stays ' +
            'done and is not handed over again).'),
        h('div', {class: 'pager'}, h('button', {type: 'button', id: 'dead-letters-refresh', onclick: () =>
            load().catch(ui.failed)}, 'Refresh')),
        position,
        list,
        pagerBox,
        dialog.element);
    return () => dialog.element.close();
}

/** The confirmation dialog of deleting a dead letter (the server checks who may again). */
function deleteDialog(base, consumer, ui, reload) {
    let target = null;
    const dialog = confirmDialog('delete', 'Delete a dead letter', 'Delete dead letter', [], async close => {
        const {id, sequence} = target;
        await api(`${base}/${segment(id)}`, {method: 'DELETE'});
        close();
        ui.status(`Dead letter ${sequence} of ${consumer} deleted; it stays done.`);
        await reload();
    });
    return {
        element: dialog.element,
        open(id, sequence) {
            target = {id, sequence};
            dialog.open(`Remove event ${sequence} (${id}) from the dead letters of ${consumer}? It is not handed ` +
                'over again.');
        },
    };
}
