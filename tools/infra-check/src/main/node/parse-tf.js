// Parses every .tf file under a directory (or only the files named after it) with HashiCorp's HCL parser
// (@cdktf/hcl2json) and prints one JSON document: per file its body as hcl2json returns it (blocks as arrays,
// expressions as "${...}" strings), or the parser's error, and every reference (var.x, local.y, module.z.out,
// type.name, ...) found in its expressions together with the path of the attribute it appears in.
'use strict';

const fs = require('fs');
const path = require('path');
const { parse, getReferencesInExpression } = require('@cdktf/hcl2json');

function tfFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) {
      continue;
    }
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...tfFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.tf')) {
      found.push(full);
    }
  }
  return found.sort();
}

async function collectReferences(file, node, at, into) {
  if (typeof node === 'string') {
    if (node.includes('${')) {
      for (const ref of await getReferencesInExpression(file, node)) {
        into.push({ path: at, reference: ref.value });
      }
    }
  } else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      await collectReferences(file, node[i], `${at}[${i}]`, into);
    }
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      await collectReferences(file, value, at === '' ? key : `${at}.${key}`, into);
    }
  }
}

async function main() {
  const root = process.argv[2];
  if (!root) {
    throw new Error('usage: node parse-tf.js <directory> [file relative to it ...]');
  }
  // with files named, only those (the caller already holds the others' results)
  const only = process.argv.slice(3);
  const chosen = only.length > 0 ? only.map((f) => path.join(root, f)) : tfFiles(root);
  const files = [];
  for (const file of chosen) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    try {
      const body = await parse(relative, fs.readFileSync(file, 'utf8'));
      const references = [];
      await collectReferences(relative, body, '', references);
      files.push({ path: relative, body, references, error: null });
    } catch (e) {
      files.push({ path: relative, body: null, references: [], error: String(e && e.message ? e.message : e) });
    }
  }
  process.stdout.write(JSON.stringify({ root: path.resolve(root), files }));
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
