// JSON shown exactly as sent: JSON.parse turns 9007199254740993 into 9007199254740992 and 19.990 into 19.99, so
// event documents are parsed here into a tree that keeps every number's text, then pretty-printed.

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** Parses JSON text into {type: 'object'|'array'|'string'|'number'|'literal', …}; throws SyntaxError. */
export function parse(text) {
    let at = 0;

    const fail = what => {
        throw new SyntaxError(`${what} at position ${at}`);
    };
    const space = () => {
        while (at < text.length && ' \t\n\r'.includes(text[at])) {
            at++;
        }
    };
    const string = () => {
        const start = at;
        at++;
        while (at < text.length && text[at] !== '"') {
            at += text[at] === '\\' ? 2 : 1;
        }
        if (at >= text.length) {
            fail('unterminated string');
        }
        at++;
        return JSON.parse(text.slice(start, at));
    };
    const value = () => {
        space();
        const c = text[at];
        if (c === '{') {
            at++;
            const members = [];
            space();
            if (text[at] === '}') {
                at++;
                return {type: 'object', members};
            }
            for (;;) {
                space();
                if (text[at] !== '"') {
                    fail('expected a member name');
                }
                const name = string();
                space();
                if (text[at] !== ':') {
                    fail('expected ":"');
                }
                at++;
                members.push([name, value()]);
                space();
                if (text[at] === ',') {
                    at++;
                } else if (text[at] === '}') {
                    at++;
                    return {type: 'object', members};
                } else {
                    fail('expected "," or "}"');
                }
            }
        }
        if (c === '[') {
            at++;
            const items = [];
            space();
            if (text[at] === ']') {
                at++;
                return {type: 'array', items};
            }
            for (;;) {
                items.push(value());
                space();
                if (text[at] === ',') {
                    at++;
                } else if (text[at] === ']') {
                    at++;
                    return {type: 'array', items};
                } else {
                    fail('expected "," or "]"');
                }
            }
        }
        if (c === '"') {
            return {type: 'string', value: string()};
        }
        NUMBER.lastIndex = at;
        const number = NUMBER.exec(text);
        if (number) {
            at += number[0].length;
            return {type: 'number', text: number[0]};
        }
        for (const literal of ['true', 'false', 'null']) {
            if (text.startsWith(literal, at)) {
                at += literal.length;
                return {type: 'literal', text: literal};
            }
        }
        return fail('unexpected character');
    };

    const result = value();
    space();
    if (at !== text.length) {
        fail('unexpected text after the document');
    }
    return result;
}

/** The member of an object node, or undefined. */
export function member(node, name) {
    return node.type === 'object' ? node.members.find(([key]) => key === name)?.[1] : undefined;
}

/** A <pre> with the node pretty-printed (two spaces), numbers exactly as sent, parts marked for colour. */
export function pretty(node) {
    const pre = document.createElement('pre');
    pre.className = 'json';
    write(pre, node, '');
    return pre;
}

function token(parent, className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    parent.appendChild(span);
}

function write(parent, node, indent) {
    const text = value => parent.appendChild(document.createTextNode(value));
    switch (node.type) {
        case 'string':
            token(parent, 'j-string', JSON.stringify(node.value));
            return;
        case 'number':
            token(parent, 'j-number', node.text);
            return;
        case 'literal':
            token(parent, 'j-literal', node.text);
            return;
        case 'array':
        case 'object': {
            const [open, close, entries] = node.type === 'array'
                ? ['[', ']', node.items.map(item => [undefined, item])]
                : ['{', '}', node.members];
            if (entries.length === 0) {
                text(open + close);
                return;
            }
            const inner = indent + '  ';
            text(open + '\n');
            entries.forEach(([name, child], index) => {
                text(inner);
                if (name !== undefined) {
                    token(parent, 'j-key', JSON.stringify(name));
                    text(': ');
                }
                write(parent, child, inner);
                text(index < entries.length - 1 ? ',\n' : '\n');
            });
            text(indent + close);
            return;
        }
        default:
            throw new TypeError(`unknown node ${node.type}`);
    }
}
