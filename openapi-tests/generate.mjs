// Generates clients from an OpenAPI document with openapi-generator (the jar the npm package fetches from Maven
// Central, version pinned in openapitools.json) for Java, Python and typescript-fetch, with each generator's
// defaults, and checks that they are clean: one API class per tag (no DefaultApi), the TypeScript compiles with tsc
// --strict, the Python compiles. OpenApiClientsIT runs it against the document a real server serves and compiles
// the Java result itself, against the libraries the generated pom.xml names (ADR 49).
//
//   node generate.mjs <openapi.json> <output directory>
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [spec, out] = process.argv.slice(2).map(path => resolve(path));
if (!spec || !out) {
    console.error('usage: node generate.mjs <openapi.json> <output directory>');
    process.exit(2);
}
const bin = name => join(here, 'node_modules', '.bin', name);
const tags = (JSON.parse(readFileSync(spec, 'utf8')).tags ?? []).map(tag => tag.name);
const problems = tags.length === 0 ? ['the document declares no tags: every operation would land in one DefaultApi'] : [];

function run(command, args, options = {}) {
    console.log(`$ ${[command, ...args].join(' ')}`);
    // the generator's wrapper looks for openapitools.json in $PWD (not its working directory), and writes one there
    const env = {...process.env, PWD: here};
    const result = spawnSync(command, args, {cwd: here, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
        ...options});
    if (result.error) {
        throw result.error;
    }
    return result;
}

/** Runs the generator; its warnings are printed, a failure or an unusual warning is a problem. */
function generate(generator, directory, properties = []) {
    rmSync(directory, {recursive: true, force: true});
    const result = run(bin('openapi-generator-cli'), ['--openapitools', join(here, 'openapitools.json'),
        'generate', '-g', generator, '-i', spec, '-o', directory, ...properties]);
    const warnings = `${result.stdout}\n${result.stderr}`.split('\n').filter(line => / (WARN|ERROR) /.test(line))
        .map(line => line.trim());
    const counted = new Map();
    warnings.forEach(line => counted.set(line, (counted.get(line) ?? 0) + 1));
    counted.forEach((count, line) => console.log(`  ${generator}: ${line}${count > 1 ? ` (${count} times)` : ''}`));
    if (result.status !== 0) {
        problems.push(`${generator}: the generator failed (exit ${result.status})\n${result.stdout}\n${result.stderr}`);
    }
    return warnings;
}

/** One API per tag: generated names from the tags, never a DefaultApi with every operation in it. */
function checkApis(generator, directory, fileOf) {
    const files = existsSync(directory) ? readdirSync(directory) : [];
    for (const tag of tags) {
        if (!files.includes(fileOf(tag))) {
            problems.push(`${generator}: no ${fileOf(tag)} for the tag ${tag} in ${directory} (${files.join(', ')})`);
        }
    }
    if (files.some(file => /default_?api/i.test(file))) {
        problems.push(`${generator}: a default API exists: operations without a tag`);
    }
}

const capital = tag => tag.charAt(0).toUpperCase() + tag.slice(1);
mkdirSync(out, {recursive: true});

// typescript-fetch: compiled with tsc --strict, nothing emitted
const typescript = join(out, 'typescript-fetch');
generate('typescript-fetch', typescript);
checkApis('typescript-fetch', join(typescript, 'apis'), tag => `${capital(tag)}Api.ts`);
writeFileSync(join(typescript, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
        target: 'es2020', module: 'es2020', moduleResolution: 'bundler', lib: ['es2020', 'dom'],
        strict: true, noEmit: true, skipLibCheck: false,
    },
    include: ['**/*.ts'],
}, null, 2));
const tsc = run(bin('tsc'), ['-p', join(typescript, 'tsconfig.json')]);
if (tsc.status !== 0) {
    problems.push(`typescript-fetch: tsc failed\n${tsc.stdout}${tsc.stderr}`);
} else {
    console.log('typescript-fetch: tsc --strict compiled it');
}

// python: every module compiles (the libraries it imports, pydantic and urllib3, are not installed here)
const python = join(out, 'python');
generate('python', python);
checkApis('python', join(python, 'openapi_client', 'api'), tag => `${tag}_api.py`);
const compiled = run(process.env.PYTHON ?? 'python3', ['-m', 'compileall', '-q', join(python, 'openapi_client')]);
if (compiled.status !== 0) {
    problems.push(`python: compileall failed\n${compiled.stdout}${compiled.stderr}`);
} else {
    console.log('python: compileall compiled it');
}

// java (okhttp-gson, the default library): compiled by OpenApiClientsIT, which has the libraries on its class path
const java = join(out, 'java');
generate('java', java);
checkApis('java', join(java, 'src', 'main', 'java', 'org', 'openapitools', 'client', 'api'),
    tag => `${capital(tag)}Api.java`);

if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n\n')}`);
    process.exit(1);
}
console.log('\nclean clients: java, python, typescript-fetch');
