// The streams the user may see: name, owner, events per name, last event; filtered by name on the server,
// paged with the API's "next", refreshed every 3 s.
import {api} from '../api.js';
import {every, h, refresh, segment, table, timeElement} from '../dom.js';

const PAGE = 25;

export async function render(main, params, query, ui) {
    const state = {filter: query.get('filter') ?? '', after: '', back: []};
    const results = h('div', {id: 'streams'});
    const input = h('input', {id: 'filter', type: 'search', value: state.filter, autocomplete: 'off',
        'aria-describedby': 'filter-help'});

    const load = async () => {
        const page = await api(`/api/v1/streams?limit=${PAGE}` +
            (state.after ? `&after=${encodeURIComponent(state.after)}` : '') +
            (state.filter ? `&filter=${encodeURIComponent(state.filter)}` : ''));
        refresh(results,
            table(state.filter ? `Streams whose name contains “${state.filter}”` : 'Streams you may see',
                ['Stream', 'Owner (producer id)', 'Events by name', 'Last event'],
                page.streams.map(stream => [
                    h('a', {href: `#/streams/${segment(stream.name)}`}, stream.name),
                    stream.owner,
                    counts(stream.eventCounts),
                    timeElement(stream.lastEventAt),
                ]),
                state.filter ? 'No stream matches.' : 'No streams yet: they appear with their first event.'),
            h('div', {class: 'pager'},
                state.back.length > 0 || state.after
                    ? h('button', {type: 'button', 'data-key': 'previous', onclick: () => {
                        state.after = state.back.pop() ?? '';
                        load().catch(ui.failed);
                    }}, 'Previous page')
                    : null,
                page.next
                    ? h('button', {type: 'button', 'data-key': 'next', onclick: () => {
                        state.back.push(state.after);
                        state.after = page.next;
                        load().catch(ui.failed);
                    }}, 'Next page')
                    : null));
    };

    let typing = null;
    const filterNow = () => {
        clearTimeout(typing);
        state.filter = input.value;
        state.after = '';
        state.back = [];
        load().catch(ui.failed);
    };
    input.addEventListener('input', () => {
        clearTimeout(typing);
        typing = setTimeout(filterNow, 300);
    });
    main.append(
        h('h1', {}, 'Streams'),
        h('form', {class: 'filter', role: 'search', onsubmit: event => {
            event.preventDefault();
            filterNow();
        }},
            h('label', {for: 'filter'}, 'Filter by name'),
            input,
            h('span', {id: 'filter-help', class: 'muted'}, 'Streams whose name contains this text, in any case.')),
        results);
    return every(3000, load, ui.failed);
}

function counts(eventCounts) {
    const names = Object.entries(eventCounts ?? {});
    if (names.length === 0) {
        return '—';
    }
    return h('ul', {class: 'counts'}, names.map(([name, count]) => h('li', {}, `${name}: ${count}`)));
}
