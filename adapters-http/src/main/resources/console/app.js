// The console: sign-in, navigation and the hash router. Each view renders into <main> and returns a function
// that stops what it started (polling, streams) when the view is left or the user signs out.
import {ApiError, me, onSignedOut, resume, signIn, signOut} from './api.js';
import {h, replace} from './dom.js';
import * as streams from './views/streams.js';
import * as stream from './views/stream.js';
import * as events from './views/events.js';
import * as event from './views/event.js';
import * as tail from './views/tail.js';
import * as consumers from './views/consumers.js';
import * as deadLetters from './views/dead-letters.js';
import * as users from './views/users.js';
import * as ids from './views/ids.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const statusLine = document.getElementById('status');
let leave = () => {};

// [pattern, view, admin only]
const routes = [
    [/^#\/streams$/, streams],
    [/^#\/streams\/([^/]+)$/, stream],
    [/^#\/streams\/([^/]+)\/events\/([^/]+)$/, events],
    [/^#\/streams\/([^/]+)\/ids\/([^/]+)$/, event],
    [/^#\/streams\/([^/]+)\/tail$/, tail],
    [/^#\/streams\/([^/]+)\/consumers\/([^/]+)\/dead-letters\/([^/]+)$/, deadLetters],
    [/^#\/consumers$/, consumers],
    [/^#\/users$/, users, true],
    [/^#\/ids$/, ids, true],
];

/** Says something in the status line (a polite live region). */
function status(text, error = false) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', error);
}

function route() {
    const [path, query] = location.hash.split('?');
    for (const [pattern, view, adminOnly] of routes) {
        const match = pattern.exec(path);
        if (match) {
            return {view, adminOnly: adminOnly === true, params: match.slice(1).map(decodeURIComponent),
                query: new URLSearchParams(query)};
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
        notShown(error);
    }
    const heading = main.querySelector('h1');
    if (heading) {
        heading.tabIndex = -1;
        heading.focus();
        document.title = `${heading.textContent} · eventserver console`;
    }
}

/** An API error while a view is open (a refresh, a button): said in the status line; a 401 has signed out. */
function failed(error) {
    if (error instanceof ApiError) {
        status(error.message, true);
    } else if (error.name !== 'AbortError') {
        status(`Something went wrong: ${error.message}`, true);
        console.error(error);
    }
}

/** A view that could not be shown at all (an unknown stream, a refusal): a page saying why, nothing half-built. */
function notShown(error) {
    if (!(error instanceof ApiError)) {
        failed(error);
        return;
    }
    const title = {404: 'Not found', 403: 'Not allowed'}[error.status] ?? 'Not shown';
    replace(main,
        h('h1', {}, title),
        h('p', {class: 'refused', id: 'refused'}, error.message),
        h('p', {}, h('a', {href: '#/streams'}, 'Back to the streams')));
}

function signedIn(user) {
    document.getElementById('who-name').textContent = user.login + (user.admin ? ' (admin)' : '');
    for (const link of nav.querySelectorAll('[data-admin]')) {
        link.hidden = !user.admin;
    }
    nav.hidden = false;
    who.hidden = false;
    const target = route();
    // a page the user may not open (left there by the previous user) is no place to land
    if (!target || (target.adminOnly && !user.admin)) {
        history.replaceState(null, '', '#/streams');
    }
}

function showSignIn(message) {
    nav.hidden = true;
    who.hidden = true;
    document.title = 'Sign in · eventserver console';
    const error = h('p', {id: 'sign-in-error', class: 'refused', role: 'alert'}, message ?? '');
    const form = h('form', {class: 'sign-in', 'aria-describedby': 'sign-in-error'},
        h('h1', {}, 'Sign in'),
        h('p', {}, 'Use your eventserver user. The console keeps the password in this browser tab only: a reload ' +
            'keeps you signed in, closing the tab or logging out forgets it.'),
        h('label', {for: 'login'}, 'Login'),
        h('input', {id: 'login', name: 'login', autocomplete: 'username', required: true, autofocus: true}),
        h('label', {for: 'password'}, 'Password'),
        h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
            required: true}),
        h('button', {type: 'submit'}, 'Sign in'),
        error);
    form.addEventListener('submit', async submitted => {
        submitted.preventDefault();
        const login = form.elements.login.value;
        const password = form.elements.password.value;
        form.elements.password.value = '';
        try {
            signedIn(await signIn(login, password));
            await show();
        } catch (failure) {
            error.textContent = failure.status === 401 ? 'Wrong login or password.' : failure.message;
            form.elements.password.focus();
        }
    });
    replace(main, form);
    form.elements.login.focus();
}

onSignedOut(chosen => {
    leave();
    leave = () => {};
    if (chosen) {
        // the next user starts afresh, not on the page (or stream) the previous one had open
        history.replaceState(null, '', location.pathname);
    }
    showSignIn('You are signed out.');
});

document.getElementById('logout').addEventListener('click', () => signOut(true));
window.addEventListener('hashchange', show);

// after a reload: the credentials this tab kept, checked again (the password may have changed meanwhile)
let resumeFailure = null;
try {
    const user = await resume();
    if (user) {
        signedIn(user);
    }
} catch (error) {
    resumeFailure = error.status === 401 ? null : error;
}
await show();
if (resumeFailure) {
    status(`Could not sign in again: ${resumeFailure.message}`, true);
}
