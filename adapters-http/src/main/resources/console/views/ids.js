// Who owns which producer and consumer id (admins): both lists, paged with the API's "next", and the reassignment
// of an id to another user after a confirmation (ADR 26; the server audits it and checks the role again).
import {api} from '../api.js';
import {confirmDialog, h, refresh, segment, table, timeElement} from '../dom.js';

const PAGE = 50;
const KINDS = [
    {kind: 'producers', id: 'producerId', title: 'Producer ids', word: 'producer id'},
    {kind: 'consumers', id: 'consumerId', title: 'Consumer ids', word: 'consumer id'},
];

export async function render(main, params, query, ui) {
    // both first pages and the users before anything is shown: a refusal is the page
    const users = await api('/api/v1/users');
    const dialog = assignDialog(users.map(user => user.login), ui);
    const sections = [];
    for (const kind of KINDS) {
        const section = idList(kind, dialog);
        await section.load();
        sections.push(section);
    }
    dialog.reload = () => Promise.all(sections.map(section => section.load()));
    main.append(
        h('h1', {}, 'Ids and their owners'),
        h('p', {class: 'muted'}, 'A producer or consumer id belongs to the user that used it first; only that user ' +
            'may publish or consume with it. Give an id to another user when a team hands a service over.'),
        ...sections.map(section => section.element),
        dialog.element);
    return () => dialog.element.close();
}

function idList({kind, id, title, word}, dialog) {
    const state = {after: '', back: []};
    const results = h('div', {id: `${kind}-list`});
    const element = h('section', {'aria-labelledby': `${kind}-title`}, h('h2', {id: `${kind}-title`}, title),
        results);
    const load = async () => {
        const page = await api(`/api/v1/${kind}?limit=${PAGE}` +
            (state.after ? `&after=${encodeURIComponent(state.after)}` : ''));
        refresh(results,
            table(`${title} and the users they belong to`, ['Id', 'User', 'Since', 'Change'],
                (page[kind] ?? []).map(owner => [
                    owner[id],
                    owner.user,
                    timeElement(owner.since),
                    h('button', {type: 'button', 'data-key': `${kind}/${owner[id]}`,
                        'aria-label': `Give ${word} ${owner[id]} to another user`,
                        onclick: () => dialog.open(kind, word, owner[id], owner.user)}, 'Reassign'),
                ]), `No ${word} has been used yet.`),
            h('div', {class: 'pager'},
                state.back.length > 0
                    ? h('button', {type: 'button', 'data-key': `${kind}/previous`, onclick: () => {
                        state.after = state.back.pop() ?? '';
                        load();
                    }}, 'Previous page')
                    : null,
                page.next
                    ? h('button', {type: 'button', 'data-key': `${kind}/next`, onclick: () => {
                        state.back.push(state.after);
                        state.after = page.next;
                        load();
                    }}, 'Next page')
                    : null));
    };
    return {element, load};
}

function assignDialog(logins, ui) {
    const user = h('select', {id: 'assign-user', required: true},
        logins.map(login => h('option', {value: login}, login)));
    let target = null;
    const confirmation = confirmDialog('assign', 'Give an id to another user', 'Reassign',
        [h('label', {for: 'assign-user'}, 'New owner'), user], async close => {
            const result = await api(`/api/v1/${target.kind}/${segment(target.id)}`,
                {method: 'PUT', json: {user: user.value}});
            close();
            await dialog.reload();
            ui.status(`The ${target.word} ${target.id} now belongs to ${result.user}` +
                (result.previousUser ? ` (was ${result.previousUser}).` : '.'));
        });
    const dialog = {
        element: confirmation.element,
        reload: async () => {},
        open(kind, word, id, owner) {
            target = {kind, word, id};
            user.value = logins.find(login => login !== owner) ?? owner;
            confirmation.open(`The ${word} ${id} belongs to ${owner}. After the change only the new owner may use ` +
                'it; its streams and offsets stay as they are.', user);
        },
    };
    return dialog;
}
