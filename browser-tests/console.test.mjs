// The web console in a real browser: Debian's chromium driven by playwright-core, against a server that
// ConsoleBrowserIT started (EVENTSERVER_URL). Screenshots go to SCREENSHOT_DIR; the README's are copies of them.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';

const base = process.env.EVENTSERVER_URL ?? 'http://127.0.0.1:8080';
const screenshots = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
const WAIT = {timeout: 15_000};
let browser;

before(async () => {
    mkdirSync(screenshots, {recursive: true});
    browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        // CI runs as root, where chromium's sandbox cannot start
        args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
});

after(async () => {
    await browser?.close();
});

const unique = prefix => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

async function call(user, method, path, body, headers = {}) {
    const response = await fetch(base + path, {
        method,
        headers: {Authorization: `Basic ${Buffer.from(user).toString('base64')}`, ...headers},
        body,
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return text === '' ? null : JSON.parse(text);
}

function publish(stream, eventName, payload, producer = 'shop') {
    return call('alice:alice-pw', 'POST', `/api/v1/streams/${stream}/events`, JSON.stringify({
        event: {name: eventName, version: 1},
        system: {id: 'console-test', name: 'browser tests', time: '2026-12-02 10:00:00', timezone: 'Europe/Berlin'},
        trigger: {type: 'test', name: 'console.test.mjs'},
        payload,
    }), {'X-Producer-ID': producer, 'Content-Type': 'application/json'});
}

// a raw body, for numbers JSON.stringify would round
function publishRaw(stream, eventName, payloadText) {
    return call('alice:alice-pw', 'POST', `/api/v1/streams/${stream}/events`,
        `{"event":{"name":"${eventName}","version":1},"system":{"id":"t","name":"browser tests",` +
        `"time":"2026-12-02 10:00:00","timezone":"UTC"},"trigger":{"type":"test","name":"t"},` +
        `"payload":${payloadText}}`, {'X-Producer-ID': 'shop', 'Content-Type': 'application/json'});
}

function acknowledge(stream, consumer, id) {
    return call('alice:alice-pw', 'POST', `/api/v1/streams/${stream}/events/${id}`, 'action=ACK',
        {'X-Consumer-ID': consumer, 'Content-Type': 'application/x-www-form-urlencoded'});
}

/** A fresh page (own context: nothing shared between tests) that fails the test on any script or CSP error. */
async function open(t, {viewport = {width: 1366, height: 900}, statuses = []} = {}) {
    const context = await browser.newContext({viewport});
    const page = await context.newPage();
    const errors = [];
    // chromium logs every refused request; these statuses are answers the test provokes on purpose
    const expected = new RegExp(`status of (40[134]${statuses.map(status => `|${status}`).join('')})\\b`);
    page.on('pageerror', error => errors.push(error.message));
    page.on('console', message => {
        if (message.type() === 'error' && !expected.test(message.text())) {
            errors.push(message.text());
        }
    });
    t.after(async () => {
        await context.close();
        assert.deepEqual(errors, [], `no script errors and no content security policy violations: ${errors.join(' | ')}`);
    });
    await page.goto(`${base}/console/`);
    return page;
}

/** Signs in with the keyboard only: the login field has the focus when the page opens. */
async function signIn(page, login, password, landing = 'Streams') {
    await page.locator('#login:focus').waitFor(WAIT);
    await page.keyboard.type(login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: landing}).waitFor(WAIT);
}

/** Presses Tab (or Shift+Tab) until the focused element matches, at most 60 times. */
async function tabTo(page, matches, backwards = false) {
    for (let i = 0; i < 60; i++) {
        await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
        const focused = await page.evaluate(() => {
            const element = document.activeElement;
            return {tag: element.tagName, text: element.getAttribute('aria-label') ?? element.textContent.trim(),
                id: element.id,
                outline: getComputedStyle(element).outlineStyle};
        });
        if (matches(focused)) {
            assert.notEqual(focused.outline, 'none', `the focus on ${focused.text} is visible`);
            return;
        }
    }
    assert.fail('never reached the element with Tab');
}

function waitForText(page, selector, text) {
    return page.waitForFunction(([s, x]) => document.querySelector(s)?.textContent.trim() === x,
        [selector, text], WAIT);
}

test('a wrong password is refused in the page, and a stream appears after a publish', async t => {
    const page = await open(t);
    await page.locator('#login:focus').waitFor(WAIT);
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByText('Wrong login or password.').waitFor(WAIT);

    await page.fill('#password', 'alice-pw');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: 'Streams'}).waitFor(WAIT);

    const stream = unique('console.orders');
    assert.equal(await page.getByRole('link', {name: stream}).count(), 0);
    await publish(stream, 'OrderPlaced', {orderId: 1});
    await publish(stream, 'OrderPaid', {orderId: 1});
    await page.getByRole('link', {name: stream}).waitFor(WAIT);

    await page.fill('#filter', stream.slice(0, -2).toUpperCase());
    await page.waitForFunction(name => [...document.querySelectorAll('#streams tbody a')]
        .map(a => a.textContent).join() === name, stream, WAIT);
    await page.fill('#filter', '');
    await page.getByText('Streams you may see').waitFor(WAIT);
    await page.getByRole('link', {name: stream}).waitFor(WAIT);
});

test('the lag chart shows the lag falling as a consumer acknowledges', async t => {
    const stream = unique('console.lag');
    const ids = [];
    for (let i = 1; i <= 6; i++) {
        ids.push(await publish(stream, 'OrderPlaced', {orderId: i}));
    }
    await acknowledge(stream, 'billing', ids[0]);
    await acknowledge(stream, 'shipping', ids[3]);

    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: `Stream ${stream}`}).waitFor(WAIT);
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '5');
    await waitForText(page, '[data-lag="shipping/OrderPlaced"]', '2');

    for (let i = 1; i < ids.length; i++) {
        await new Promise(resolve => setTimeout(resolve, 2100));
        await acknowledge(stream, 'billing', ids[i]);
    }
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '0');
    await page.waitForTimeout(2100);
    assert.equal(await page.locator('#lag-chart canvas').count(), 1, 'the chart is drawn');
    const legend = await page.locator('#lag-chart .u-legend').textContent();
    assert.match(legend, /billing · OrderPlaced/);
    assert.match(legend, /shipping · OrderPlaced/);
    await page.screenshot({path: join(screenshots, 'stream.png'), fullPage: true});
});

/** A leased read of the consumer (issue 24): the elements, each with deliveries and leaseExpiresAt. */
function lease(stream, consumer, query) {
    return call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/events?eventName=OrderPlaced&${query}`,
        undefined, {'X-Consumer-ID': consumer});
}

function acknowledgements(stream, consumer, body) {
    return call('alice:alice-pw', 'POST', `/api/v1/streams/${stream}/acknowledgements`, JSON.stringify(body),
        {'X-Consumer-ID': consumer, 'Content-Type': 'application/json'});
}

test('a stream\'s consumers show events in flight and dead letters, which are paged, retried and deleted', async t => {
    const stream = unique('console.dead');
    const documents = Array.from({length: 27}, (_, i) => ({
        event: {name: 'OrderPlaced', version: 1},
        system: {id: 'console-test', name: 'browser tests', time: '2026-12-02 10:00:00', timezone: 'UTC'},
        trigger: {type: 'test', name: 'console.test.mjs'},
        payload: {orderId: i + 1},
    }));
    const ids = await call('alice:alice-pw', 'POST', `/api/v1/streams/${stream}/events`, JSON.stringify(documents),
        {'X-Producer-ID': 'shop', 'Content-Type': 'application/json'});
    // each leased once and given back: the next leased read with maxDeliveries=1 dead-letters all 27
    const leased = await lease(stream, 'billing', 'limit=100&lease=60');
    assert.equal(leased.length, 27);
    await acknowledgements(stream, 'billing', {action: 'NACK', eventIds: leased.map(each => each.eventId)});
    assert.deepEqual(await lease(stream, 'billing', 'limit=100&lease=60&maxDeliveries=1'), []);
    // two more, leased and not finished: in flight
    await publish(stream, 'OrderPlaced', {orderId: 28});
    await publish(stream, 'OrderPlaced', {orderId: 29});
    assert.equal((await lease(stream, 'billing', 'limit=100&lease=600')).length, 2);
    await acknowledge(stream, 'shipping', ids[26]);

    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await waitForText(page, '[data-in-flight="billing/OrderPlaced"]', '2');
    await waitForText(page, '[data-dead-letters="billing/OrderPlaced"]', '27');
    await waitForText(page, '[data-in-flight="shipping/OrderPlaced"]', '0');
    await waitForText(page, '[data-dead-letters="shipping/OrderPlaced"]', '0');
    assert.equal(await page.locator('a[data-dead-letters="shipping/OrderPlaced"]').count(), 0,
        'no link to an empty list');
    await page.locator('#consumers').screenshot({path: join(screenshots, 'stream-leases.png')});

    await page.getByRole('link', {name: '27 dead letters of billing for OrderPlaced'}).click();
    await page.getByRole('heading', {level: 1, name: 'Dead letters of billing'}).waitFor(WAIT);
    await waitForText(page, '#dead-letters-position', 'Sequences 1 to 25.');
    assert.equal(await page.locator('#dead-letters article').count(), 25);
    assert.match(await page.locator('#dead-letters article').first().textContent(), /Deliveries\s*1/);
    await page.getByRole('button', {name: 'Next dead letters'}).click();
    await waitForText(page, '#dead-letters-position', 'Sequences 26 to 27.');
    await page.getByRole('button', {name: 'Previous dead letters'}).click();
    await waitForText(page, '#dead-letters-position', 'Sequences 1 to 25.');
    await page.locator('#dead-letters article').first().getByText('The event').click();
    assert.match(await page.locator('#dead-letters article').first().locator('pre.json').textContent(),
        /"orderId": 1\b/);
    await page.screenshot({path: join(screenshots, 'dead-letters.png')});

    // RETRY: leasable again, deliveries counted from 0, though below the offset
    await page.getByRole('button', {name: 'Retry event 1', exact: true}).click();
    await page.getByText('Event 1 is leasable again for billing, its deliveries counted from 0.').waitFor(WAIT);
    await waitForText(page, '#dead-letters-position', 'Sequences 2 to 26.');
    const again = await lease(stream, 'billing', 'limit=100&lease=60');
    assert.deepEqual(again.map(each => [each.eventId, each.deliveries]), [[ids[0], 1]]);

    // DELETE: Escape cancels and nothing changes; confirmed, it leaves the list
    await page.getByRole('button', {name: 'Delete dead letter 2', exact: true}).click();
    const dialog = page.getByRole('dialog', {name: 'Delete a dead letter'});
    await dialog.waitFor(WAIT);
    assert.match(await dialog.textContent(), new RegExp(`Remove event 2 \\(${ids[1]}\\) from the dead letters of billing`));
    await page.keyboard.press('Escape');
    await dialog.waitFor({state: 'hidden', ...WAIT});
    let listed = await call('alice:alice-pw', 'GET',
        `/api/v1/streams/${stream}/consumers/billing/dead-letters?eventName=OrderPlaced&limit=100`);
    assert.equal(listed.deadLetters.length, 26);
    await page.getByRole('button', {name: 'Delete dead letter 2', exact: true}).click();
    await dialog.waitFor(WAIT);
    await page.screenshot({path: join(screenshots, 'dead-letter-delete.png')});
    await dialog.getByRole('button', {name: 'Delete dead letter', exact: true}).click();
    await page.getByText('Dead letter 2 of billing deleted; it stays done.').waitFor(WAIT);
    await waitForText(page, '#dead-letters-position', 'Sequences 3 to 27.');
    listed = await call('alice:alice-pw', 'GET',
        `/api/v1/streams/${stream}/consumers/billing/dead-letters?eventName=OrderPlaced&limit=100`);
    assert.equal(listed.deadLetters.length, 25);
    assert.ok(!listed.deadLetters.some(each => each.eventId === ids[1]));

    // deleted by someone else meanwhile: the server's refusal shows in the status line
    await call('alice:alice-pw', 'DELETE', `/api/v1/streams/${stream}/consumers/billing/dead-letters/${ids[2]}`);
    await page.getByRole('button', {name: 'Retry event 3', exact: true}).click();
    await page.getByText(`Not Found - event ${ids[2]} is not a dead letter of consumer billing`).waitFor(WAIT);
});

test('another user is not allowed to see a consumer\'s dead letters', async t => {
    const stream = unique('console.dead-refused');
    await publish(stream, 'OrderPlaced', {orderId: 1});
    const page = await open(t);
    await signIn(page, 'bob', 'bob-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/consumers/billing/dead-letters/OrderPlaced`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: 'Not allowed'}).waitFor(WAIT);
    assert.equal(await page.locator('#dead-letters').count(), 0);
});

test('an admin resets an offset after confirming it, with the keyboard', async t => {
    const stream = unique('console.reset');
    const ids = [];
    for (let i = 1; i <= 5; i++) {
        ids.push(await publish(stream, 'OrderPlaced', {orderId: i}));
    }
    await acknowledge(stream, 'billing', ids[4]);

    const page = await open(t);
    await signIn(page, 'admin', 'admin-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '0');
    await tabTo(page, focused => focused.text === 'Reset offset of billing for OrderPlaced');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', {name: 'Reset an offset'});
    await dialog.waitFor(WAIT);
    assert.match(await dialog.textContent(), /billing for OrderPlaced, now 5 of 5/);

    // Escape cancels: nothing changes
    await page.keyboard.press('Escape');
    await dialog.waitFor({state: 'hidden', ...WAIT});
    let lags = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/consumers`);
    assert.equal(lags[0].offset, 5);

    await page.getByRole('button', {name: 'Reset offset of billing for OrderPlaced'}).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor(WAIT);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.screenshot({path: join(screenshots, 'reset.png')});
    await page.keyboard.press('Enter');
    await page.getByText('Offset of billing for OrderPlaced reset from 5 to 2.').waitFor(WAIT);
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '3');
    lags = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/consumers`);
    assert.equal(lags[0].offset, 2);
});

test('an admin redacts an event, deletes a consumer and deletes a stream, each after confirming it', async t => {
    const stream = unique('console.erase');
    const secret = await publish(stream, 'OrderPlaced', {card: '4111-1111'});
    const second = await publish(stream, 'OrderPlaced', {orderId: 2});
    await acknowledge(stream, 'billing', second);

    const page = await open(t);
    await signIn(page, 'admin', 'admin-pw');
    // redact: Cancel changes nothing, the red button erases system, trigger and payload
    await page.evaluate(([name, id]) => {
        location.hash = `#/streams/${name}/ids/${id}`;
    }, [stream, secret]);
    await page.getByText('4111-1111').waitFor(WAIT);
    await page.getByRole('button', {name: 'Redact event'}).click();
    const redact = page.getByRole('dialog', {name: 'Redact the event'});
    await redact.waitFor(WAIT);
    assert.match(await redact.textContent(), /OrderPlaced 1\)\? Its system, trigger and payload are erased/);
    await redact.getByRole('button', {name: 'Cancel'}).click();
    await redact.waitFor({state: 'hidden', ...WAIT});
    let stored = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/events/${secret}`);
    assert.equal(stored.payload.card, '4111-1111');
    await page.getByRole('button', {name: 'Redact event'}).click();
    await redact.getByRole('button', {name: 'Redact event'}).click();
    await page.getByText(`Event ${secret} redacted.`).waitFor(WAIT);
    await page.locator('#redacted-state').getByText(/Redacted/).waitFor(WAIT);
    assert.equal(await page.getByText('4111-1111').count(), 0);
    await page.screenshot({path: join(screenshots, 'redacted.png')});
    stored = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/events/${secret}`);
    assert.deepEqual(Object.keys(stored), ['eventId', 'eventName', 'sequence', 'receivedAt', 'event', 'redacted']);

    // delete a consumer: its offset goes, it reads from the first event again
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '0');
    await page.getByRole('button', {name: 'Delete consumer billing (OrderPlaced)'}).click();
    const consumer = page.getByRole('dialog', {name: 'Delete a consumer'});
    await consumer.waitFor(WAIT);
    assert.match(await consumer.textContent(), /Delete consumer billing of stream/);
    await page.keyboard.press('Escape');
    await consumer.waitFor({state: 'hidden', ...WAIT});
    assert.equal((await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/consumers`)).length, 1);
    await page.getByRole('button', {name: 'Delete consumer billing (OrderPlaced)'}).click();
    await consumer.getByRole('button', {name: 'Delete consumer'}).click();
    await page.getByText('Consumer billing deleted.').waitFor(WAIT);
    await page.getByText('No consumer has acknowledged an event of this stream yet.').waitFor(WAIT);
    assert.deepEqual(await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/consumers`), []);

    // delete the stream: back to the list, and the stream is gone
    await page.getByRole('button', {name: `Delete stream ${stream}`}).click();
    const whole = page.getByRole('dialog', {name: 'Delete the stream'});
    await whole.waitFor(WAIT);
    assert.match(await whole.textContent(), /with its 2 events/);
    await page.screenshot({path: join(screenshots, 'delete-stream.png')});
    await whole.getByRole('button', {name: 'Delete stream'}).click();
    await page.getByRole('heading', {level: 1, name: 'Streams'}).waitFor(WAIT);
    await page.getByText(`Stream ${stream} deleted.`).waitFor(WAIT);
    const gone = await fetch(`${base}/api/v1/streams/${stream}`, {
        headers: {Authorization: `Basic ${Buffer.from('admin:admin-pw').toString('base64')}`}});
    assert.equal(gone.status, 404);
});

test('a user without the admin role is offered no deletion or redaction', async t => {
    const stream = unique('console.noerase');
    const id = await publish(stream, 'OrderPlaced', {orderId: 1});
    await acknowledge(stream, 'billing', id);

    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '0');
    assert.equal(await page.getByRole('button', {name: /Delete/}).count(), 0);
    await page.evaluate(([name, event]) => {
        location.hash = `#/streams/${name}/ids/${event}`;
    }, [stream, id]);
    await page.getByRole('heading', {level: 1, name: `Event ${id}`}).waitFor(WAIT);
    assert.equal(await page.getByRole('button', {name: /Redact/}).count(), 0);
});

test('an admin changes a stream\'s retention after confirming it; the first stored sequence and what a consumer missed show', async t => {
    const stream = unique('console.retention');
    const ids = [];
    for (let n = 1; n <= 5; n++) {
        ids.push(await publish(stream, 'OrderPlaced', {n}));
    }
    await acknowledge(stream, 'billing', ids[0]);

    // the malformed max age below is answered 400 on purpose
    const page = await open(t, {statuses: [400]});
    await signIn(page, 'admin', 'admin-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await waitForText(page, '[data-first="OrderPlaced"]', '1');
    assert.match(await page.locator('#retention').textContent(), /keeps every event/);
    await page.getByRole('button', {name: 'Change retention'}).click();
    const dialog = page.getByRole('dialog', {name: `Change the retention of ${stream}`});
    await dialog.waitFor(WAIT);
    assert.match(await dialog.textContent(), /removed for good/);

    // Cancel changes nothing
    await dialog.getByRole('button', {name: 'Cancel'}).click();
    await dialog.waitFor({state: 'hidden', ...WAIT});
    assert.deepEqual(await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/retention`),
        {maxAge: null, maxEvents: null});

    // a malformed max age is refused in the dialog, naming it
    await page.getByRole('button', {name: 'Change retention'}).click();
    await dialog.waitFor(WAIT);
    await page.fill('#retention-max-age', 'one week');
    await dialog.getByRole('button', {name: 'Change retention'}).click();
    await dialog.getByText(/maxAge must be/).waitFor(WAIT);

    await page.fill('#retention-max-age', '');
    await page.fill('#retention-max-events', '2');
    await page.screenshot({path: join(screenshots, 'retention.png')});
    await dialog.getByRole('button', {name: 'Change retention'}).click();
    await page.getByText(`Retention of ${stream}: the newest 2 of each event name are kept.`).waitFor(WAIT);
    assert.deepEqual(await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/retention`),
        {maxAge: null, maxEvents: 2});

    // the server removes 1..3 within seconds: billing had acknowledged 1, so 2 and 3 are lost to it
    await waitForText(page, '[data-first="OrderPlaced"]', '4');
    await waitForText(page, '[data-expired="billing/OrderPlaced"]', '2');
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '2');
});

test('a user without the admin role gets no admin controls and is refused the admin pages', async t => {
    const stream = unique('console.refused');
    const id = await publish(stream, 'OrderPlaced', {orderId: 1});
    await acknowledge(stream, 'billing', id);

    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    assert.equal(await page.getByRole('link', {name: 'Users'}).count(), 0, 'no Users entry in the navigation');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await waitForText(page, '[data-lag="billing/OrderPlaced"]', '0');
    assert.equal(await page.getByRole('button', {name: /Reset offset/}).count(), 0);

    await page.evaluate(() => {
        location.hash = '#/users';
    });
    await page.getByText('Forbidden - the admin role is required').waitFor(WAIT);
    assert.equal(await page.locator('#users-table, form.user-form').count(), 0);

    // and the server refuses what the console does not offer
    const status = await page.evaluate(async ([name]) => (await fetch(
        `/api/v1/streams/${name}/consumers/billing/offsets/OrderPlaced`, {
            method: 'PUT', credentials: 'omit',
            headers: {Authorization: `Basic ${btoa('alice:alice-pw')}`, 'Content-Type': 'application/json'},
            body: '{"sequence":0}',
        })).status, [stream]);
    assert.equal(status, 403);
});

test('an admin manages users and grants', async t => {
    const page = await open(t);
    await signIn(page, 'admin', 'admin-pw');
    await page.getByRole('link', {name: 'Users'}).click();
    await page.getByRole('heading', {level: 1, name: 'Users'}).waitFor(WAIT);
    const login = unique('console-user');
    await page.fill('#user-login', login);
    await page.fill('#user-password', 'a-long-password-1');
    await page.uncheck('#user-defaults');
    await page.fill('#user-grants', 'console.* consume\naudit publish');
    await page.getByRole('button', {name: 'Save user'}).click();
    await page.getByText(`User ${login} saved.`).waitFor(WAIT);
    const row = page.locator('tr', {hasText: login});
    await row.waitFor(WAIT);
    assert.match(await row.textContent(), /console\.\*: consume; audit: publish/);
    await page.screenshot({path: join(screenshots, 'users.png'), fullPage: true});

    const me = await call(`${login}:a-long-password-1`, 'GET', '/api/v1/me');
    assert.deepEqual(me.grants, [{streams: 'console.*', actions: ['consume']}, {streams: 'audit', actions: ['publish']}]);

    // grants changed without a password: a merge patch, the password stays
    await page.getByRole('button', {name: `Edit ${login}`}).click();
    assert.equal(await page.inputValue('#user-password'), '');
    await page.fill('#user-grants', 'console.* consume publish');
    await page.check('#user-admin');
    await page.getByRole('button', {name: 'Save user'}).click();
    await page.getByText(`User ${login} saved.`).waitFor(WAIT);
    await page.waitForFunction(name => [...document.querySelectorAll('#users tr')]
        .some(row => row.textContent.includes(name) && row.textContent.includes('console.*: publish, consume')),
    login, WAIT);
    const changed = await call(`${login}:a-long-password-1`, 'GET', '/api/v1/me');
    assert.deepEqual(changed, {login, roles: ['admin'], grants: [{streams: 'console.*', actions: ['publish', 'consume']}]},
        'the old password still works');
    await page.getByRole('button', {name: `Edit ${login}`}).click();
    await page.check('#user-defaults');
    await page.getByRole('button', {name: 'Save user'}).click();
    await page.waitForFunction(name => [...document.querySelectorAll('#users tr')]
        .some(row => row.textContent.includes(name) && row.textContent.includes('default grants')), login, WAIT);

    page.once('dialog', dialog => dialog.accept());
    await page.getByRole('button', {name: `Delete ${login}`}).click();
    await page.getByText(`User ${login} deleted.`).waitFor(WAIT);
    assert.equal(await page.locator('tr', {hasText: login}).count(), 0);
});

test('users, a stream\'s event names and its consumers come in pages the console follows', async t => {
    const stream = unique('console.pages');
    const placed = await publish(stream, 'A', {orderId: 1});
    await publish(stream, 'B', {orderId: 1});
    await acknowledge(stream, 'billing', placed);
    await acknowledge(stream, 'shipping', placed);
    const page = await open(t);
    // the console asks for pages of 100; here the server is asked for pages of 1 by the same requests, so that the
    // next pages are the ones the server names (its "next", its Link header), followed by the console as they are
    await page.route(/\/api\/v1\/(users|streams\/[^/?]+\/(event-names|consumers))\?limit=100$/,
        route => route.continue({url: route.request().url().replace(/limit=100$/, 'limit=1')}));
    await signIn(page, 'admin', 'admin-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await page.getByRole('link', {name: 'Browse A'}).waitFor(WAIT);
    assert.equal(await page.getByRole('link', {name: 'Browse B'}).count(), 0, 'one name a page');
    await page.getByRole('button', {name: 'Next event names'}).click();
    await page.getByRole('link', {name: 'Browse B'}).waitFor(WAIT);
    assert.equal(await page.getByRole('link', {name: 'Browse A'}).count(), 0);
    assert.equal(await page.getByRole('button', {name: 'Next event names'}).count(), 0, 'B is the last name');
    await page.getByRole('button', {name: 'Previous event names'}).click();
    await page.getByRole('link', {name: 'Browse A'}).waitFor(WAIT);

    await waitForText(page, '[data-lag="billing/A"]', '0');
    assert.equal(await page.locator('[data-lag="shipping/A"]').count(), 0, 'one consumer a page');
    await page.getByRole('button', {name: 'Next consumers'}).click();
    await waitForText(page, '[data-lag="shipping/A"]', '0');
    assert.equal(await page.locator('[data-lag="billing/A"]').count(), 0);
    await page.getByRole('button', {name: 'Previous consumers'}).click();
    await waitForText(page, '[data-lag="billing/A"]', '0');

    // configuration users first, in login order: admin, alice, bob
    await page.getByRole('link', {name: 'Users'}).click();
    await page.getByRole('heading', {level: 1, name: 'Users'}).waitFor(WAIT);
    await waitForText(page, '#users tbody tr td:first-child', 'admin');
    await page.getByRole('button', {name: 'Next page'}).click();
    await waitForText(page, '#users tbody tr td:first-child', 'alice');
    assert.equal(await page.locator('#users tbody tr').count(), 1);
    await page.getByRole('button', {name: 'Next page'}).click();
    await waitForText(page, '#users tbody tr td:first-child', 'bob');
    await page.getByRole('button', {name: 'Previous page'}).click();
    await waitForText(page, '#users tbody tr td:first-child', 'alice');
});

test('newest first starts at the latest event also for a name beyond the 100 the stream document counts', async t => {
    const stream = unique('console.names');
    for (let i = 1; i <= 12; i++) {
        await publish(stream, 'Old', {orderId: i});
    }
    // 100 names with newer events: the stream's document counts those, not Old (ADR 44)
    const batch = [];
    for (let i = 0; i < 100; i++) {
        batch.push({event: {name: `N${String(i).padStart(3, '0')}`, version: 1},
            system: {id: 's', name: 's', time: '2026-12-02 10:00:00', timezone: 'UTC'},
            trigger: {type: 't', name: 't'}, payload: {}});
    }
    await call('alice:alice-pw', 'POST', `/api/v1/streams/${stream}/events`, JSON.stringify(batch),
        {'X-Producer-ID': 'shop', 'Content-Type': 'application/json'});
    const document = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}`);
    assert.equal(document.eventNameCount, 101);
    assert.equal(document.eventCounts.Old, undefined, 'Old is not among the 100 names counted');

    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/events/Old?order=newest`;
    }, stream);
    await page.getByText('Sequences 12 to 3, newest first.').waitFor(WAIT);
    await page.getByRole('button', {name: 'Next page'}).click();
    await page.getByText('Sequences 2 to 1, newest first.').waitFor(WAIT);
});

test('the event browser pages through an event name and shows big numbers exactly', async t => {
    const stream = unique('console.browse');
    for (let i = 1; i <= 12; i++) {
        await publishRaw(stream, 'OrderPlaced',
            `{"orderId":${i},"total":19.990,"ledgerId":9007199254740993,"amount":12345678901234567890.120}`);
    }
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/events/OrderPlaced`;
    }, stream);
    await page.getByText('Sequences 1 to 10.').waitFor(WAIT);
    const first = await page.locator('article.event pre').first().textContent();
    assert.match(first, /"ledgerId": 9007199254740993,/);
    assert.match(first, /"amount": 12345678901234567890\.120/);
    assert.match(first, /"total": 19\.990,/);
    await page.screenshot({path: join(screenshots, 'events.png')});

    await page.getByRole('button', {name: 'Next page'}).click();
    await page.getByText('Sequences 11 to 12.').waitFor(WAIT);
    assert.equal(await page.locator('article.event').count(), 2);
    await page.getByRole('button', {name: 'Previous page'}).click();
    await page.getByText('Sequences 1 to 10.').waitFor(WAIT);

    const owners = await call('admin:admin-pw', 'GET', '/api/v1/consumers?limit=1000');
    assert.equal(owners.consumers.filter(owner => owner.user === 'alice' && owner.consumerId.startsWith('console'))
        .length, 0, 'browsing claims no consumer id');
});

test('the event browser finds events by time and content and shows the name\'s schemas', async t => {
    const stream = unique('console.find');
    for (let i = 1; i <= 6; i++) {
        await publish(stream, 'OrderPlaced', {orderId: i % 3, i});
    }
    await call('alice:alice-pw', 'PUT', `/api/v1/streams/${stream}/event-names/OrderPlaced/schemas/1`,
        JSON.stringify({type: 'object', required: ['orderId'], properties: {orderId: {type: 'integer'}}}),
        {'Content-Type': 'application/json'});
    const page = await open(t, {statuses: [400]});
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/events/OrderPlaced`;
    }, stream);
    await page.getByText('Sequences 1 to 6.').waitFor(WAIT);

    const schemas = page.getByRole('region', {name: 'Schemas'});
    await schemas.getByText('Version 1').waitFor(WAIT);
    await schemas.getByText('Version 1').click();
    assert.match(await schemas.locator('pre').first().textContent(), /"required": \[/);

    await page.getByLabel('Received from').fill('2000-01-01T00:00:00Z');
    await page.getByLabel('Contains').fill('{"payload":{"orderId":2}}');
    await page.getByRole('button', {name: 'Find', exact: true}).click();
    await page.getByText('2 found; nothing more to search.').waitFor(WAIT);
    assert.equal(await page.locator('#found article.event').count(), 2);
    assert.match(await page.locator('#found article.event pre').first().textContent(), /"i": 2/);

    await page.getByLabel('Received from').fill('yesterday');
    await page.getByRole('button', {name: 'Find', exact: true}).click();
    await page.getByText(/since must be an ISO-8601 instant/).waitFor(WAIT);
    await page.screenshot({path: join(screenshots, 'find.png')});
});

test('the live tail shows events as they are committed', async t => {
    const stream = unique('console.tail');
    await publish(stream, 'OrderPlaced', {orderId: 0});
    await publish(stream, 'OrderPaid', {orderId: 0});
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/tail`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: `Live tail of ${stream}`}).waitFor(WAIT);
    await page.waitForTimeout(500); // both streams open
    await publish(stream, 'OrderPlaced', {orderId: 1});
    await publish(stream, 'OrderPaid', {orderId: 1, amount: 12.5});
    await publish(stream, 'OrderPlaced', {orderId: 2});
    await page.waitForFunction(() => document.querySelectorAll('#tail li').length === 3, null, WAIT);
    const newest = await page.locator('#tail li').first().textContent();
    assert.match(newest, /OrderPlaced #3/);
    assert.match(newest, /"orderId": 2/);
    assert.equal(await page.getByText('3 events received.').count(), 1);
    await page.screenshot({path: join(screenshots, 'tail.png')});
});

test('keyboard only: sign in, streams, a stream, its events, back to the streams, log out', async t => {
    const stream = unique('console.keys');
    await publish(stream, 'OrderPlaced', {orderId: 1});
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.getByRole('link', {name: stream}).waitFor(WAIT);
    await page.screenshot({path: join(screenshots, 'streams.png')});

    await tabTo(page, focused => focused.text === stream);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: `Stream ${stream}`}).waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'the new page has the focus');

    await tabTo(page, focused => focused.text === 'Browse OrderPlaced');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: `OrderPlaced events of ${stream}`}).waitFor(WAIT);

    await tabTo(page, focused => focused.text === 'Streams' && focused.tag === 'A', true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: 'Streams'}).waitFor(WAIT);

    await tabTo(page, focused => focused.text === stream);
    await page.keyboard.press('Enter');
    await tabTo(page, focused => focused.text === 'Live tail of this stream');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: `Live tail of ${stream}`}).waitFor(WAIT);

    // the credentials are in the page's memory and this tab's sessionStorage only (ADR 48): no localStorage, no
    // cookie, not in the URL
    const kept = await page.evaluate(() => ({
        local: localStorage.length, session: Object.keys(sessionStorage), cookies: document.cookie,
        url: location.href,
    }));
    assert.deepEqual({local: kept.local, session: kept.session, cookies: kept.cookies},
        {local: 0, session: ['eventserver.console.authorization'], cookies: ''});
    assert.doesNotMatch(kept.url, /alice-pw|alice:/);

    // a reload keeps the user signed in, on the same page
    await page.reload();
    await page.getByRole('heading', {level: 1, name: `Live tail of ${stream}`}).waitFor(WAIT);
    assert.equal(await page.locator('#login').count(), 0, 'no sign-in form after a reload');

    await tabTo(page, focused => focused.text === 'Log out', true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    await page.getByText('You are signed out.').waitFor(WAIT);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'log-out forgets the credentials');
    assert.equal(await page.evaluate(() => location.hash), '', 'and the page the user had open');
    await page.evaluate(() => {
        location.hash = '#/streams';
    });
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    assert.equal(await page.getByRole('link', {name: stream}).count(), 0);
    await page.reload();
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
});

// ---- issue 23: a first screen that looks finished, and what the other consoles have ----

test('before signing in only the sign-in form shows: no navigation, no "Signed in as", no Log out', async t => {
    const page = await open(t);
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    for (const hidden of ['#nav', '#who']) {
        assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is hidden`);
    }
    assert.equal(await page.getByRole('link', {name: 'Streams'}).isVisible(), false);
    assert.equal(await page.getByRole('button', {name: 'Log out'}).isVisible(), false);
    assert.equal(await page.getByText('Signed in as').isVisible(), false);
    await page.screenshot({path: join(screenshots, 'sign-in.png')});

    await signIn(page, 'alice', 'alice-pw');
    assert.equal(await page.getByRole('button', {name: 'Log out'}).isVisible(), true);
    assert.equal(await page.getByRole('link', {name: 'Users'}).isVisible(), false, 'Users is for admins');
});

test('a reload keeps the user signed in; a new tab does not share the sign-in', async t => {
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(() => {
        location.hash = '#/consumers';
    });
    await page.getByRole('heading', {level: 1, name: 'Consumers'}).waitFor(WAIT);
    await page.reload();
    await page.getByRole('heading', {level: 1, name: 'Consumers'}).waitFor(WAIT);
    assert.match(await page.locator('#who-name').textContent(), /^alice$/);

    const other = await page.context().newPage();
    await other.goto(`${base}/console/#/consumers`);
    await other.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    await other.close();

    // credentials that stopped working (here: forged into the tab) lead to the sign-in, not to an error
    await page.evaluate(() => sessionStorage.setItem('eventserver.console.authorization', `Basic ${btoa('alice:old')}`));
    await page.reload();
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});

test('after an admin logs out on the Users page, the next user lands on the streams', async t => {
    const page = await open(t);
    await signIn(page, 'admin', 'admin-pw');
    await page.getByRole('link', {name: 'Users'}).click();
    await page.getByRole('heading', {level: 1, name: 'Users'}).waitFor(WAIT);
    await page.getByRole('button', {name: 'Log out'}).click();
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);

    await signIn(page, 'alice', 'alice-pw', 'Streams');
    assert.equal(await page.getByText('Forbidden').count(), 0);
    assert.equal(await page.evaluate(() => location.hash), '#/streams');

    // a non-admin who signs in on an admin page (a reload, a bookmark) lands on the streams too
    await page.getByRole('button', {name: 'Log out'}).click();
    await page.evaluate(() => history.replaceState(null, '', '#/ids'));
    await signIn(page, 'alice', 'alice-pw', 'Streams');
});

test('an unknown stream is a "Not found" page, not an error above an empty page and chart', async t => {
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    const missing = unique('console.missing');
    for (const hash of [`#/streams/${missing}`, `#/streams/${missing}/events/OrderPlaced`,
        `#/streams/${missing}/tail`, `#/streams/${missing}/ids/0193f1d2-6c1e-7a4b-9f0e-2d1c5b7a8e90`]) {
        await page.evaluate(target => {
            location.hash = target;
        }, hash);
        await page.getByRole('heading', {level: 1, name: 'Not found'}).waitFor(WAIT);
        assert.equal(await page.locator('#refused').textContent(), `Not Found - stream ${missing} does not exist`,
            hash);
        assert.equal(await page.locator('.chart, table, #events, #tail').count(), 0, `${hash}: nothing half-built`);
        assert.equal(await page.locator('#status').textContent(), '', `${hash}: said once, not twice`);
        await page.getByRole('link', {name: 'Back to the streams'}).waitFor(WAIT);
    }
});

test('at phone width (390 px) the header wraps and Log out stays on the screen', async t => {
    const stream = unique('console.phone');
    await publish(stream, 'OrderPlaced', {orderId: 1});
    const page = await open(t, {viewport: {width: 390, height: 844}});
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    await signIn(page, 'admin', 'admin-pw');
    for (const [hash, heading] of [['#/streams', 'Streams'], [`#/streams/${stream}`, `Stream ${stream}`],
        ['#/consumers', 'Consumers'], ['#/users', 'Users'], ['#/ids', 'Ids and their owners']]) {
        await page.evaluate(target => {
            location.hash = target;
        }, hash);
        await page.getByRole('heading', {level: 1, name: heading, exact: true}).waitFor(WAIT);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${hash}: the page is ${overflow} px wider than the screen`);
    }
    await page.evaluate(() => {
        location.hash = '#/streams';
    });
    await page.getByRole('link', {name: stream}).waitFor(WAIT);
    const box = await page.getByRole('button', {name: 'Log out'}).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `Log out is on the screen: ${JSON.stringify(box)}`);
    for (const link of ['Streams', 'Consumers', 'Users', 'Ids']) {
        const linkBox = await page.getByRole('link', {name: link, exact: true}).first().boundingBox();
        assert.ok(linkBox.x + linkBox.width <= 390, `${link} is on the screen`);
    }
    await page.screenshot({path: join(screenshots, 'phone.png')});
    await page.getByRole('button', {name: 'Log out'}).click();
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
});

test('a stream shows its publish and acknowledge rates from the server\'s counters, as numbers and a chart', async t => {
    const stream = unique('console.rates');
    const ids = [];
    // a few rounds a little longer than the server's 5 s intervals apart, so that the chart has a shape
    for (let round = 1; round <= 4; round++) {
        for (let i = 1; i <= 3 * round; i++) {
            ids.push(await publish(stream, 'OrderPlaced', {orderId: ids.length + 1}));
        }
        await acknowledge(stream, 'billing', ids[ids.length - 1 - round]);
        if (round < 4) {
            await new Promise(resolve => setTimeout(resolve, 5100));
        }
    }
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await page.getByRole('heading', {level: 2, name: /Publish and acknowledge rates/}).waitFor(WAIT);
    // the counts show once their 5 s interval is complete and the next refresh (every 5 s) reads them
    await page.waitForFunction(() => /[1-9]/.test(document.querySelector('#published-rate')?.textContent ?? '')
        && /[1-9]/.test(document.querySelector('#acknowledged-rate')?.textContent ?? '')
        && document.querySelector('#rates-chart canvas'), null, {timeout: 60_000});
    // every event is in a complete interval once the last round's interval is over: asked until then, within 60 s
    const published = rates => rates.intervals.reduce((sum, interval) => sum + interval.published, 0);
    let rates = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/rates`);
    for (const deadline = Date.now() + 60_000; published(rates) < ids.length && Date.now() < deadline;) {
        await new Promise(resolve => setTimeout(resolve, 500));
        rates = await call('alice:alice-pw', 'GET', `/api/v1/streams/${stream}/rates`);
    }
    assert.equal(published(rates), 30);
    assert.equal(rates.intervals.reduce((sum, interval) => sum + interval.acknowledged, 0), 30 - 4,
        'up to the event four before the last');
    const legend = await page.locator('#rates-chart .u-legend').textContent();
    assert.match(legend, /published \/ s/);
    assert.match(legend, /acknowledged \/ s/);
    await page.locator('#rates-title').scrollIntoViewIfNeeded();
    await page.screenshot({path: join(screenshots, 'rates.png')});
});

test('the consumers page lists consumers across streams, furthest behind first', async t => {
    const tag = Math.random().toString(36).slice(2, 8);
    const far = `console.lagging-${tag}`;
    const near = `console.keeping-up-${tag}`;
    for (const [stream, count] of [[far, 40], [near, 30]]) {
        const ids = [];
        for (let i = 1; i <= count; i++) {
            ids.push(await publish(stream, 'OrderPlaced', {orderId: i}));
        }
        await acknowledge(stream, `reporting-${tag}`, ids[1]);
    }
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.getByRole('link', {name: 'Consumers'}).click();
    await page.getByRole('heading', {level: 1, name: 'Consumers'}).waitFor(WAIT);
    await waitForText(page, `[data-lag="${far}/reporting-${tag}/OrderPlaced"]`, '38');
    await waitForText(page, `[data-lag="${near}/reporting-${tag}/OrderPlaced"]`, '28');
    const lags = await page.$$eval('#consumer-lags [data-lag]', spans => spans.map(span => Number(span.textContent)));
    assert.deepEqual(lags, [...lags].sort((a, b) => b - a), 'furthest behind first');
    const streams = await page.$$eval('#consumer-lags tbody td:first-child a', links => links.map(a => a.textContent));
    assert.ok(streams.indexOf(far) < streams.indexOf(near));
    await page.screenshot({path: join(screenshots, 'consumers.png')});

    await page.selectOption('#sort-by', 'time');
    const seconds = await page.$$eval('#consumer-lags tbody tr', rows => rows.map(row =>
        Number.parseFloat(row.children[4].textContent)));
    assert.deepEqual(seconds, [...seconds].sort((a, b) => b - a), 'longest time behind first');
    await page.getByRole('link', {name: far}).click();
    await page.getByRole('heading', {level: 1, name: `Stream ${far}`}).waitFor(WAIT);
});

test('the event browser shows the newest first and jumps to the latest events', async t => {
    const stream = unique('console.newest');
    for (let i = 1; i <= 12; i++) {
        await publish(stream, 'OrderPlaced', {orderId: i});
    }
    const page = await open(t);
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/events/OrderPlaced`;
    }, stream);
    await page.getByText('Sequences 1 to 10.').waitFor(WAIT);

    await page.getByRole('button', {name: 'Jump to latest'}).click();
    await page.getByText('Sequences 3 to 12.').waitFor(WAIT);
    await publish(stream, 'OrderPlaced', {orderId: 13});
    await page.getByRole('button', {name: 'Jump to latest'}).click();
    await page.getByText('Sequences 4 to 13.').waitFor(WAIT);

    await page.check('#newest');
    await page.getByText('Sequences 13 to 4, newest first.').waitFor(WAIT);
    assert.match(await page.locator('article.event h2').first().textContent(), /^#13 /);
    await page.screenshot({path: join(screenshots, 'events-newest.png')});
    await page.getByRole('button', {name: 'Next page'}).click();
    await page.getByText('Sequences 3 to 1, newest first.').waitFor(WAIT);
    assert.equal(await page.getByRole('button', {name: 'Next page'}).isDisabled(), true, 'nothing older');
    await page.getByRole('button', {name: 'Previous page'}).click();
    await page.getByText('Sequences 13 to 4, newest first.').waitFor(WAIT);

    await page.evaluate(name => {
        location.hash = `#/streams/${name}/events/OrderPlaced?order=newest`;
    }, stream);
    await page.getByText('Sequences 13 to 4, newest first.').waitFor(WAIT);
});

test('an event is found by its id, and an unknown id is a "Not found" page', async t => {
    const stream = unique('console.lookup');
    await publish(stream, 'OrderPlaced', {orderId: 1});
    const id = await publishRaw(stream, 'OrderPaid', '{"orderId":2,"amount":9007199254740993.10}');
    const page = await open(t, {statuses: [400]});
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: `Stream ${stream}`}).waitFor(WAIT);
    await page.fill('#lookup-id', id);
    await page.getByRole('button', {name: 'Find event'}).click();
    await page.getByRole('heading', {level: 1, name: `Event ${id}`}).waitFor(WAIT);
    const shown = await page.locator('article.event pre').textContent();
    assert.match(shown, /"amount": 9007199254740993\.10/);
    assert.match(shown, /"eventName": "OrderPaid"/);
    await page.screenshot({path: join(screenshots, 'event.png')});
    await page.getByRole('link', {name: 'Browse OrderPaid from here'}).click();
    await page.getByText('Sequences 1 to 1.').waitFor(WAIT);

    await page.evaluate(name => {
        location.hash = `#/streams/${name}/ids/0193f1d2-6c1e-7a4b-9f0e-2d1c5b7a8e90`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: 'Not found'}).waitFor(WAIT);
    await page.evaluate(name => {
        location.hash = `#/streams/${name}/ids/not-an-id`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: 'Not shown'}).waitFor(WAIT);
    assert.match(await page.locator('#refused').textContent(), /^Bad Request - /);
});

test('a user who may publish sends a test event from the stream page; others get no form', async t => {
    const stream = unique('console.publish');
    await publish(stream, 'OrderPlaced', {orderId: 1});
    const page = await open(t, {statuses: [423]});
    await signIn(page, 'alice', 'alice-pw');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await page.getByRole('heading', {level: 2, name: 'Publish a test event'}).waitFor(WAIT);
    assert.equal(await page.inputValue('#publish-producer'), 'shop', 'the stream\'s owner');
    await page.fill('#publish-name', 'OrderShipped');
    await page.fill('#publish-payload', '{"orderId": 2, "weight": 12345678901234567890.120}');
    await page.locator('#publish-title').scrollIntoViewIfNeeded();
    await page.screenshot({path: join(screenshots, 'publish.png')});
    await page.getByRole('button', {name: 'Publish event'}).click();
    await page.getByText(new RegExp(`^Published OrderShipped to ${stream.replace('.', '\\.')}: event `)).waitFor(WAIT);
    await page.getByRole('link', {name: 'Browse OrderShipped'}).waitFor(WAIT);
    const events = await fetch(`${base}/api/v1/streams/${stream}/event-names/OrderShipped/events`, {
        headers: {Authorization: `Basic ${Buffer.from('alice:alice-pw').toString('base64')}`},
    }).then(response => response.text());
    assert.match(events, /"weight": ?12345678901234567890\.120/, 'the payload as typed, its numbers exact');
    assert.match(events, /"type": ?"console"/);
    assert.match(events, /"name": ?"eventserver console, user alice"/);

    await page.fill('#publish-payload', '[1, 2]');
    await page.getByRole('button', {name: 'Publish event'}).click();
    await page.getByText(/^The payload must be a JSON object/).waitFor(WAIT);
    await page.fill('#publish-payload', '{}');
    await page.fill('#publish-producer', 'not-the-owner');
    await page.getByRole('button', {name: 'Publish event'}).click();
    await page.getByText('Locked - Second writers not allowed').waitFor(WAIT);

    // a user that may only consume: no form (and the server would refuse it anyway)
    const reader = unique('console-reader');
    await call('admin:admin-pw', 'PUT', `/api/v1/users/${reader}`, JSON.stringify({
        password: 'a-long-password-1', grants: [{streams: 'console.*', actions: ['consume']}],
    }), {'Content-Type': 'application/json'});
    await page.getByRole('button', {name: 'Log out'}).click();
    await signIn(page, reader, 'a-long-password-1');
    await page.evaluate(name => {
        location.hash = `#/streams/${name}`;
    }, stream);
    await page.getByRole('heading', {level: 1, name: `Stream ${stream}`}).waitFor(WAIT);
    await page.getByRole('heading', {level: 2, name: 'Find an event by its id'}).waitFor(WAIT);
    assert.equal(await page.locator('#publish-payload').count(), 0);
});

test('an admin sees who owns which id and gives one to another user', async t => {
    const stream = unique('console.ids');
    const producer = unique('console-shop');
    await publish(stream, 'OrderPlaced', {orderId: 1}, producer);
    const page = await open(t);
    await signIn(page, 'admin', 'admin-pw');
    await page.getByRole('link', {name: 'Ids', exact: true}).click();
    await page.getByRole('heading', {level: 1, name: 'Ids and their owners'}).waitFor(WAIT);
    let row = page.locator('#producers-list tr', {hasText: producer});
    while (await row.count() === 0 && await page.locator('button[data-key="producers/next"]').count() > 0) {
        await page.locator('button[data-key="producers/next"]').click();
        await page.waitForTimeout(300);
        row = page.locator('#producers-list tr', {hasText: producer});
    }
    await row.waitFor(WAIT);
    assert.match(await row.textContent(), /alice/);
    await page.getByRole('button', {name: `Give producer id ${producer} to another user`}).click();
    const dialog = page.getByRole('dialog', {name: 'Give an id to another user'});
    await dialog.waitFor(WAIT);
    await page.selectOption('#assign-user', 'bob');
    await page.screenshot({path: join(screenshots, 'ids.png')});
    await dialog.getByRole('button', {name: 'Reassign'}).click();
    await page.getByText(`The producer id ${producer} now belongs to bob (was alice).`).waitFor(WAIT);
    await page.waitForFunction(id => [...document.querySelectorAll('#producers-list tr')]
        .some(tr => tr.textContent.includes(id) && tr.textContent.includes('bob')), producer, WAIT);

    // bob publishes with it now; alice no more
    await call('bob:bob-pw', 'POST', `/api/v1/streams/${stream}/events`, JSON.stringify({
        event: {name: 'OrderPlaced', version: 1},
        system: {id: 's', name: 's', time: '2026-12-02 10:00:00', timezone: 'UTC'},
        trigger: {type: 't', name: 't'}, payload: {},
    }), {'X-Producer-ID': producer, 'Content-Type': 'application/json'});

    // a non-admin is refused the page
    await page.getByRole('button', {name: 'Log out'}).click();
    await signIn(page, 'alice', 'alice-pw');
    assert.equal(await page.getByRole('link', {name: 'Ids', exact: true}).isVisible(), false);
    await page.evaluate(() => {
        location.hash = '#/ids';
    });
    await page.getByRole('heading', {level: 1, name: 'Not allowed'}).waitFor(WAIT);
    await page.getByText('Forbidden - the admin role is required').waitFor(WAIT);
});
