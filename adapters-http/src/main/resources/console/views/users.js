// Users and grants (admins): the list, page by page as the API names the next one in its Link header (ADR 44),
// create or replace (PUT, with a password), change roles and grants without the password (PATCH, a JSON merge
// patch), delete. Non-admins see the server's refusal: the console hides nothing the server would allow and shows
// nothing it would not.
import {api, page} from '../api.js';
import {h, pager, replace, segment, table} from '../dom.js';

const PAGE = 100;

export async function render(main, params, query, ui) {
    main.append(h('h1', {}, 'Users'));
    const list = h('div', {id: 'users'});
    const pages = {path: `/api/v1/users?limit=${PAGE}`, back: [], next: null};
    const form = userForm(ui, () => load());
    const load = async () => {
        const users = await page(pages.path);
        pages.next = users.next;
        replace(list, table('Users', ['Login', 'Roles', 'Grants', 'Source', 'Change'],
            users.items.map(user => [
                user.login,
                user.roles.length ? user.roles.join(', ') : '—',
                user.grants ? grantsText(user.grants) || 'no rights' : 'default grants',
                user.readOnly ? 'configuration (read-only)' : 'database',
                user.readOnly ? '—' : h('div', {class: 'actions'},
                    h('button', {type: 'button', 'aria-label': `Edit ${user.login}`, onclick: () => form.edit(user)},
                        'Edit'),
                    h('button', {type: 'button', class: 'danger', 'aria-label': `Delete ${user.login}`,
                        onclick: () => remove(user.login)}, 'Delete')),
            ]), 'No users.'),
        pager(pages, load, ui.failed));
    };
    const remove = async login => {
        if (!window.confirm(`Delete user ${login}? Its ids stay assigned to it until an admin reassigns them.`)) {
            return;
        }
        try {
            await api(`/api/v1/users/${segment(login)}`, {method: 'DELETE'});
            await load();
            ui.status(`User ${login} deleted.`);
        } catch (error) {
            ui.failed(error);
        }
    };
    try {
        await load();
    } catch (error) {
        if (error.status === 403) {
            main.append(h('p', {class: 'refused', id: 'refused'}, error.message));
            return;
        }
        throw error;
    }
    main.append(list, form.element);
}

function grantsText(grants) {
    return grants.map(grant => `${grant.streams}: ${grant.actions.join(', ')}`).join('; ');
}

/** "orders.* publish consume" per line → grants. */
function parseGrants(text) {
    return text.split('\n').map(line => line.trim()).filter(line => line !== '').map(line => {
        const [streams, ...actions] = line.split(/[\s,:]+/).filter(word => word !== '');
        return {streams, actions};
    });
}

function userForm(ui, reload) {
    const field = (id, label, input, help) => [
        h('label', {for: id}, label), input, help ? h('span', {class: 'muted', id: `${id}-help`}, help) : null];
    const login = h('input', {id: 'user-login', required: true, autocomplete: 'off'});
    const password = h('input', {id: 'user-password', type: 'password', minlength: 12,
        autocomplete: 'new-password', 'aria-describedby': 'user-password-help'});
    const admin = h('input', {id: 'user-admin', type: 'checkbox'});
    const metrics = h('input', {id: 'user-metrics', type: 'checkbox'});
    const defaults = h('input', {id: 'user-defaults', type: 'checkbox', checked: true});
    const grants = h('textarea', {id: 'user-grants', rows: 4, 'aria-describedby': 'user-grants-help',
        disabled: true});
    defaults.addEventListener('change', () => {
        grants.disabled = defaults.checked;
    });
    const error = h('p', {class: 'refused', role: 'alert'});
    const element = h('form', {class: 'user-form', 'aria-labelledby': 'user-form-title'},
        h('h2', {id: 'user-form-title'}, 'Create or change a user'),
        field('user-login', 'Login', login),
        field('user-password', 'Password', password, 'At least 12 characters; stored only as a salted hash. ' +
            'Needed for a new user; leave it empty to change only the roles and grants of an existing one.'),
        h('div', {class: 'check'}, admin, h('label', {for: 'user-admin'}, 'Admin (offset resets, users, ids)')),
        h('div', {class: 'check'}, metrics, h('label', {for: 'user-metrics'}, 'Metrics (reads /observe/metrics only)')),
        h('div', {class: 'check'}, defaults, h('label', {for: 'user-defaults'}, 'Use the default grants')),
        field('user-grants', 'Own grants', grants,
            'One per line: a stream name, * or a prefix ending in *, then publish and/or consume, ' +
            'e.g. “orders.* publish consume”. Empty: no rights at all.'),
        error,
        h('button', {type: 'submit'}, 'Save user'));
    element.addEventListener('submit', async event => {
        event.preventDefault();
        const roles = [...(admin.checked ? ['admin'] : []), ...(metrics.checked ? ['metrics'] : [])];
        const own = defaults.checked ? null : parseGrants(grants.value);
        try {
            if (password.value === '') {
                // a merge patch: null removes the user's own grants, so the default grants apply
                await api(`/api/v1/users/${segment(login.value)}`, {method: 'PATCH',
                    contentType: 'application/merge-patch+json', json: {roles, grants: own}});
            } else {
                await api(`/api/v1/users/${segment(login.value)}`, {method: 'PUT',
                    json: {password: password.value, roles, ...(own ? {grants: own} : {})}});
            }
            password.value = '';
            error.textContent = '';
            await reload();
            ui.status(`User ${login.value} saved.`);
        } catch (failure) {
            error.textContent = failure.message;
        }
    });
    return {
        element,
        edit(user) {
            login.value = user.login;
            admin.checked = user.roles.includes('admin');
            metrics.checked = user.roles.includes('metrics');
            defaults.checked = !user.grants;
            grants.disabled = defaults.checked;
            grants.value = (user.grants ?? []).map(grant => `${grant.streams} ${grant.actions.join(' ')}`).join('\n');
            password.value = '';
            password.focus();
        },
    };
}
