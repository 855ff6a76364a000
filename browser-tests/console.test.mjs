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
async function open(t) {
    const context = await browser.newContext({viewport: {width: 1366, height: 900}});
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', error => errors.push(error.message));
    page.on('console', message => {
        if (message.type() === 'error' && !/status of 40[134]/.test(message.text())) {
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
    assert.equal(await page.locator('.chart canvas').count(), 1, 'the chart is drawn');
    const legend = await page.locator('.chart .u-legend').textContent();
    assert.match(legend, /billing · OrderPlaced/);
    assert.match(legend, /shipping · OrderPlaced/);
    await page.screenshot({path: join(screenshots, 'stream.png'), fullPage: true});
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

    page.once('dialog', dialog => dialog.accept());
    await page.getByRole('button', {name: `Delete ${login}`}).click();
    await page.getByText(`User ${login} deleted.`).waitFor(WAIT);
    assert.equal(await page.locator('tr', {hasText: login}).count(), 0);
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

    // the credentials are nowhere but in the page's memory
    const kept = await page.evaluate(() => ({
        local: localStorage.length, session: sessionStorage.length, cookies: document.cookie, url: location.href,
    }));
    assert.deepEqual({local: kept.local, session: kept.session, cookies: kept.cookies}, {local: 0, session: 0, cookies: ''});
    assert.doesNotMatch(kept.url, /alice-pw|alice:/);

    // a reload forgets them: signing in again is the only way back, and it comes back to the same page
    await page.reload();
    await signIn(page, 'alice', 'alice-pw', `Live tail of ${stream}`);

    await tabTo(page, focused => focused.text === 'Log out', true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    await page.getByText('You are signed out.').waitFor(WAIT);
    await page.evaluate(() => {
        location.hash = '#/streams';
    });
    await page.getByRole('heading', {level: 1, name: 'Sign in'}).waitFor(WAIT);
    assert.equal(await page.getByRole('link', {name: stream}).count(), 0);
});
