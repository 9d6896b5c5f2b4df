/**
 * Every function of a tree and its length in lines, found with the
 * TypeScript compiler's parser: declarations, methods, accessors,
 * constructors, arrow functions and function expressions. A function's
 * length runs from its first line (after any leading comment) to its last,
 * both counted; an inner function counts in its outer one too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FunctionLength {
  /** the file, relative to the root given, with forward slashes */
  file: string;
  /** 1-based line of the function's start */
  line: number;
  name: string;
  lines: number;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (/\.(c|m)?tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

function nameOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (node.name) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const p = node.parent;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name)
    return p.name.getText(sf);
  if (ts.isCallExpression(p)) {
    const callee = p.expression.getText(sf).replace(/\s+/g, '');
    return `(callback of ${callee.length > 40 ? `...${callee.slice(-40)}` : callee})`;
  }
  return '(anonymous)';
}

/** The functions of every TypeScript file under `root`/`dir`, in file order. */
export function functionLengths(root: string, dir: string): FunctionLength[] {
  const found: FunctionLength[] = [];
  for (const path of tsFiles(join(root, dir))) {
    const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const file = relative(root, path).split('\\').join('/');
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const fn = node as ts.FunctionLikeDeclaration;
        const first = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
        const last = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
        found.push({ file, line: first + 1, name: nameOf(fn, sf), lines: last - first + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** The functions longer than `max` lines, as "file:line name (N lines)". */
export function tooLong(all: FunctionLength[], max: number): string[] {
  return all.filter((f) => f.lines > max).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
}
