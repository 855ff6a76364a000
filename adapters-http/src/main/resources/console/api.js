// The API as the console uses it. The credentials live in this module's memory only: never in localStorage,
// sessionStorage, cookies or URLs. Every request sends them as an explicit Authorization header with
// credentials: 'omit', so the browser neither stores them nor shows its own login dialog on a 401 (ADR 40).

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

/** Checks the credentials with GET /api/v1/me and keeps them for this page's lifetime. */
export async function signIn(login, password) {
    const authorization = basic(login, password);
    const me = JSON.parse(await send('/api/v1/me', {}, authorization));
    session = {authorization, me: {...me, admin: me.roles.includes('admin')}};
    return session.me;
}

/** Forgets the credentials; every view stops its polling and streams through the listeners. */
export function signOut() {
    session = null;
    for (const listener of signedOutListeners) {
        listener();
    }
}

export function onSignedOut(listener) {
    signedOutListeners.push(listener);
}

export function me() {
    return session?.me ?? null;
}

async function send(path, options, authorization) {
    const headers = {Authorization: authorization, Accept: 'application/json'};
    if (options.json !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(path, {
            method: options.method ?? 'GET',
            headers,
            body: options.json === undefined ? undefined : JSON.stringify(options.json),
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
    return text;
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
