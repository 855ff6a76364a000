// The API as the console uses it. The credentials (the Basic Authorization value) live in this module's memory and
// in this tab's sessionStorage (ADR 48, amending ADR 40): a reload keeps the user signed in, closing the tab or
// logging out forgets them; never localStorage, cookies or URLs. Every request sends them as an explicit
// Authorization header with credentials: 'omit', so the browser neither stores them nor shows its own login dialog
// on a 401.

const STORED = 'eventserver.console.authorization';
let session = null;
const signedOutListeners = [];

export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

function basic(login, password) {
    const bytes = new TextEncoder().encode(`${login}:${password}`);
    let binary = '';
    for (const byte of bytes) {
        binary += String.fromCharCode(byte);
    }
    return `Basic ${btoa(binary)}`;
}

/** Checks the credentials with GET /api/v1/me and keeps them for this tab's lifetime. */
export async function signIn(login, password) {
    return start(basic(login, password));
}

async function start(authorization) {
    const me = JSON.parse(await send('/api/v1/me', {}, authorization));
    session = {authorization, me: {...me, admin: me.roles.includes('admin')}};
    sessionStorage.setItem(STORED, authorization);
    return session.me;
}

/**
 * Signs in again with the credentials this tab kept (after a reload), checking them with GET /api/v1/me; null when
 * there are none or they no longer work (then they are forgotten).
 */
export async function resume() {
    const authorization = sessionStorage.getItem(STORED);
    if (!authorization) {
        return null;
    }
    try {
        return await start(authorization);
    } catch (error) {
        if (error.status === 401) {
            sessionStorage.removeItem(STORED);
        }
        throw error;
    }
}

/**
 * Forgets the credentials, here and in the tab's storage; every view stops its polling and streams through the
 * listeners (told whether the user chose to log out).
 */
export function signOut(chosen = false) {
    session = null;
    sessionStorage.removeItem(STORED);
    for (const listener of signedOutListeners) {
        listener(chosen);
    }
}

export function onSignedOut(listener) {
    signedOutListeners.push(listener);
}

export function me() {
    return session?.me ?? null;
}

/** Whether the signed-in user's grants allow the action ('publish' or 'consume') on the stream (ADR 26 patterns). */
export function allows(action, stream) {
    return (session?.me.grants ?? []).some(grant => grant.actions.includes(action) && (grant.streams === '*'
        || grant.streams === stream
        || (grant.streams.endsWith('*') && stream.startsWith(grant.streams.slice(0, -1)))));
}

/**
 * options: method, json (a value sent as JSON) or text (a body sent as it is), contentType (default
 * application/json), headers, signal.
 */
async function send(path, options, authorization) {
    return (await exchange(path, options, authorization)).text;
}

/** Sends a request; the answer's text and headers, or an ApiError for any status but 2xx. */
async function exchange(path, options, authorization) {
    const headers = {...options.headers, Authorization: authorization, Accept: 'application/json'};
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.text;
    if (body !== undefined) {
        headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    let response;
    try {
        response = await fetch(path, {
            method: options.method ?? 'GET',
            headers,
            body,
            credentials: 'omit',
            cache: 'no-store',
            signal: options.signal,
        });
    } catch (error) {
        if (error.name === 'AbortError') {
            throw error;
        }
        throw new ApiError(0, 'The server cannot be reached');
    }
    const text = await response.text();
    if (!response.ok) {
        throw new ApiError(response.status, errorMessage(response.status, text));
    }
    return {text, headers: response.headers};
}

function errorMessage(status, text) {
    try {
        const message = JSON.parse(text);
        if (typeof message === 'string') {
            return message;
        }
    } catch (ignored) {
        // not JSON: say what the status says
    }
    return `HTTP ${status}`;
}

function authorization() {
    if (!session) {
        throw new ApiError(401, 'Unauthorized');
    }
    return session.authorization;
}

/** A request; the answer's JSON. A 401 (password changed, user deleted) signs out. */
export async function api(path, options = {}) {
    const text = await raw(path, options);
    return text === '' ? null : JSON.parse(text);
}

/** A request; the answer's text as sent, for documents whose numbers must stay exact. */
export async function raw(path, options = {}) {
    try {
        return await send(path, options, authorization());
    } catch (error) {
        if (error.status === 401 && session) {
            signOut();
        }
        throw error;
    }
}

/** A request; the answer's text (for json.js, which keeps numbers exact) and the path its Link rel="next" names. */
export async function rawPage(path) {
    try {
        const answer = await exchange(path, {}, authorization());
        return {text: answer.text, next: nextLink(answer.headers.get('Link'))};
    } catch (error) {
        if (error.status === 401 && session) {
            signOut();
        }
        throw error;
    }
}

/**
 * A page of a list that stays a JSON array and names its next page in a Link header (RFC 8288): the users and a
 * stream's consumers (ADR 44). The answer's JSON as items, and next: the path of the next page, null on the last.
 */
export async function page(path) {
    try {
        const answer = await exchange(path, {}, authorization());
        return {items: JSON.parse(answer.text), next: nextLink(answer.headers.get('Link'))};
    } catch (error) {
        if (error.status === 401 && session) {
            signOut();
        }
        throw error;
    }
}

/** The target of rel="next" in a Link header, when it is a path of this server's API (never another origin). */
function nextLink(header) {
    for (const link of (header ?? '').split(/,(?=\s*<)/)) {
        const match = /^\s*<([^>]*)>(.*)$/.exec(link);
        if (match && /;\s*rel="?next"?(\s*;|\s*$)/i.test(match[2]) && match[1].startsWith('/api/v1/')) {
            return match[1];
        }
    }
    return null;
}

/**
 * Server-Sent Events read with fetch (EventSource cannot send an Authorization header): calls onEvent with
 * {id, event, data} for each, until the signal aborts or the server ends the stream.
 */
export async function events(path, signal, onEvent) {
    const response = await fetch(path, {
        headers: {Authorization: authorization(), Accept: 'text/event-stream'},
        credentials: 'omit',
        cache: 'no-store',
        signal,
    });
    if (!response.ok) {
        throw new ApiError(response.status, errorMessage(response.status, await response.text()));
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let current = {data: []};
    for (;;) {
        const {value, done} = await reader.read();
        if (done) {
            return;
        }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, end).replace(/\r$/, '');
            buffer = buffer.slice(end + 1);
            if (line === '') {
                if (current.data.length > 0) {
                    onEvent({id: current.id, event: current.event, data: current.data.join('\n')});
                }
                current = {data: []};
            } else if (!line.startsWith(':')) {
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
                if (field === 'data') {
                    current.data.push(fieldValue);
                } else if (field === 'id' || field === 'event') {
                    current[field] = fieldValue;
                }
            }
        }
    }
}
