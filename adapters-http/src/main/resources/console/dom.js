// Small DOM helpers: elements are built with textContent only, never innerHTML, so nothing from the server is
// ever parsed as markup.

/** h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, …) */
export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (value === true) {
            element.setAttribute(name, '');
        } else {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else if (child instanceof Node) {
            element.appendChild(child);
        } else {
            element.appendChild(document.createTextNode(String(child)));
        }
    }
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
}

/** A date-time from the API, shown in the browser's time zone; "—" when absent. */
export function time(iso) {
    if (!iso) {
        return '—';
    }
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A time element with the exact value in its datetime and title. */
export function timeElement(iso) {
    return iso ? h('time', {datetime: iso, title: iso}, time(iso)) : '—';
}

/** A table with a caption, column headers and rows (arrays of cells), scrolling sideways on a narrow screen. */
export function table(caption, headers, rows, emptyText) {
    return h('div', {class: 'scroll'}, h('table', {},
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, headers.map(header => h('th', {scope: 'col'}, header)))),
        h('tbody', {}, rows.length === 0
            ? h('tr', {}, h('td', {colspan: headers.length, class: 'empty'}, emptyText))
            : rows.map(cells => h('tr', {}, cells.map(cell => h('td', {}, cell)))))));
}

/** Encodes one path segment of an API or console URL. */
export function segment(value) {
    return encodeURIComponent(value);
}

/**
 * Calls fn now and then every ms milliseconds after the previous call finished; returns the function that stops
 * it. A failed call is reported to onError and does not stop the polling.
 */
export function every(ms, fn, onError) {
    let timer = null;
    let stopped = false;
    const run = async () => {
        try {
            await fn();
        } catch (error) {
            onError?.(error);
        }
        if (!stopped) {
            timer = setTimeout(run, ms);
        }
    };
    run();
    return () => {
        stopped = true;
        clearTimeout(timer);
    };
}

/**
 * Replaces the children of a container that is refreshed while someone may be using it: the element that had the
 * focus (found again by its data-key, href or id) gets it back, and nothing changes when the content is the same.
 */
export function refresh(container, ...children) {
    const next = document.createElement('div');
    append(next, children);
    if (next.innerHTML === container.innerHTML) {
        return;
    }
    const focused = container.contains(document.activeElement) ? keyOf(document.activeElement) : null;
    container.replaceChildren(...next.childNodes);
    if (focused) {
        const again = [...container.querySelectorAll('a, button, input, select, textarea')]
            .find(element => keyOf(element) === focused);
        again?.focus();
    }
}

function keyOf(element) {
    return element.dataset?.key ?? element.getAttribute('href') ?? element.id ?? null;
}

/**
 * "Previous …" and "Next …" under a list that comes in pages: list holds the path of the page shown (path), those
 * of the pages before it (back) and of the next one as last answered (next, null on the last page); a press moves
 * and calls load. The buttons read the list when pressed: a refresh that changes nothing keeps the ones it had.
 */
export function pager(list, load, onError, what = 'page') {
    return h('div', {class: 'pager'},
        list.back.length > 0
            ? h('button', {type: 'button', 'data-key': `previous ${what}`, onclick: () => {
                list.path = list.back.pop();
                load().catch(onError);
            }}, `Previous ${what}`)
            : null,
        list.next
            ? h('button', {type: 'button', 'data-key': `next ${what}`, onclick: () => {
                if (list.next) {
                    list.back.push(list.path);
                    list.path = list.next;
                    load().catch(onError);
                }
            }}, `Next ${what}`)
            : null);
}

/**
 * A modal confirmation: a <dialog> titled title (ids `${id}-title` and `${id}-question`), the question given to open,
 * the fields, the refusal of the last attempt, the button confirm (class danger) and Cancel (Escape cancels too).
 * Confirming calls onConfirm(close), which does the work and closes the dialog when it succeeded; what it throws is
 * shown in the dialog. open(question, focus) shows it, with the focus on focus, or else on Cancel (the safe choice).
 */
export function confirmDialog(id, title, confirm, fields, onConfirm) {
    const question = h('p', {id: `${id}-question`});
    const error = h('p', {class: 'refused', role: 'alert'});
    const cancel = h('button', {type: 'button', onclick: () => element.close()}, 'Cancel');
    const form = h('form', {method: 'dialog'},
        h('h2', {id: `${id}-title`}, title),
        question,
        fields,
        error,
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'danger'}, confirm), cancel));
    const element = h('dialog', {'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-question`}, form);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        try {
            await onConfirm(() => element.close());
        } catch (failure) {
            error.textContent = failure.message;
        }
    });
    return {
        element,
        open(text, focus) {
            replace(question, text);
            error.textContent = '';
            element.showModal();
            (focus ?? cancel).focus();
        },
    };
}
