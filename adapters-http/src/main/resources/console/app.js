// The console: sign-in, navigation and the hash router. Each view renders into <main> and returns a function
// that stops what it started (polling, streams) when the view is left or the user signs out.
import {ApiError, me, onSignedOut, signIn, signOut} from './api.js';
import {h, replace} from './dom.js';
import * as streams from './views/streams.js';
import * as stream from './views/stream.js';
import * as events from './views/events.js';
import * as tail from './views/tail.js';
import * as users from './views/users.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const statusLine = document.getElementById('status');
let leave = () => {};

const routes = [
    [/^#\/streams$/, () => streams],
    [/^#\/streams\/([^/]+)$/, () => stream],
    [/^#\/streams\/([^/]+)\/events\/([^/]+)$/, () => events],
    [/^#\/streams\/([^/]+)\/tail$/, () => tail],
    [/^#\/users$/, () => users],
];

/** Says something in the status line (a polite live region). */
function status(text, error = false) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', error);
}

function route() {
    const [path, query] = location.hash.split('?');
    for (const [pattern, view] of routes) {
        const match = pattern.exec(path);
        if (match) {
            return {view: view(), params: match.slice(1).map(decodeURIComponent), query: new URLSearchParams(query)};
        }
    }
    return null;
}

async function show() {
    if (location.hash !== '' && !location.hash.startsWith('#/')) {
        return; // an in-page link such as the skip link
    }
    leave();
    leave = () => {};
    status('');
    if (!me()) {
        showSignIn();
        return;
    }
    const target = route();
    if (!target) {
        location.replace('#/streams');
        return;
    }
    for (const link of nav.querySelectorAll('a')) {
        if (location.hash.startsWith(link.getAttribute('href'))) {
            link.setAttribute('aria-current', 'page');
        } else {
            link.removeAttribute('aria-current');
        }
    }
    main.replaceChildren();
    try {
        leave = (await target.view.render(main, target.params, target.query, {status, failed})) ?? (() => {});
    } catch (error) {
        failed(error);
    }
    const heading = main.querySelector('h1');
    if (heading) {
        heading.tabIndex = -1;
        heading.focus();
        document.title = `${heading.textContent} · eventserver console`;
    }
}

/** Shows an API error where the view would be; a 401 has already signed out. */
function failed(error) {
    if (error instanceof ApiError) {
        status(error.message, true);
        if (!main.querySelector('h1')) {
            replace(main, h('h1', {}, 'Not shown'), h('p', {class: 'refused'}, error.message));
        }
    } else if (error.name !== 'AbortError') {
        status(`Something went wrong: ${error.message}`, true);
        console.error(error);
    }
}

function showSignIn(message) {
    nav.hidden = true;
    who.hidden = true;
    document.title = 'Sign in · eventserver console';
    const error = h('p', {id: 'sign-in-error', class: 'refused', role: 'alert'}, message ?? '');
    const form = h('form', {class: 'sign-in', 'aria-describedby': 'sign-in-error'},
        h('h1', {}, 'Sign in'),
        h('p', {}, 'Use your eventserver user. The console keeps the password in this page only: reloading or ' +
            'closing the tab signs you out.'),
        h('label', {for: 'login'}, 'Login'),
        h('input', {id: 'login', name: 'login', autocomplete: 'username', required: true, autofocus: true}),
        h('label', {for: 'password'}, 'Password'),
        h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
            required: true}),
        h('button', {type: 'submit'}, 'Sign in'),
        error);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const login = form.elements.login.value;
        const password = form.elements.password.value;
        form.elements.password.value = '';
        try {
            const user = await signIn(login, password);
            document.getElementById('who-name').textContent = user.login + (user.admin ? ' (admin)' : '');
            document.getElementById('nav-users').hidden = !user.admin;
            nav.hidden = false;
            who.hidden = false;
            if (!route()) {
                location.hash = '#/streams';
            }
            await show();
        } catch (failure) {
            error.textContent = failure.status === 401 ? 'Wrong login or password.' : failure.message;
            form.elements.password.focus();
        }
    });
    replace(main, form);
    form.elements.login.focus();
}

onSignedOut(() => {
    leave();
    leave = () => {};
    showSignIn('You are signed out.');
});

document.getElementById('logout').addEventListener('click', () => signOut());
window.addEventListener('hashchange', show);
show();
