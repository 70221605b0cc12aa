// Typed reading of a parsed YAML document that records every problem with its line instead of
// stopping at the first, so one run of the loader tells the admin everything to fix.

import {isMap, isScalar, isSeq, type LineCounter, type Node} from 'yaml';
import {appError, type AppError} from '../result.js';
import {didYouMean} from './nearest-word.js';

export interface ReadContext {
	file: string;
	lines: LineCounter;
	problems: AppError[];
}

/** A value in the document with where it is and the dotted path that names it in messages. */
export interface Field {
	node: Node | null;
	line: number | undefined;
	path: string;
}

export function lineAt(ctx: ReadContext, node: Node | null | undefined): number | undefined {
	const start = node?.range?.[0];
	return start === undefined ? undefined : ctx.lines.linePos(start).line;
}

export function report(ctx: ReadContext, code: string, line: number | undefined, message: string): void {
	ctx.problems.push(appError(code, message, {where: {file: ctx.file, line}}));
}

/** How a value looks to a person, for "expected X, got Y". */
export function describe(node: Node | null): string {
	if (node === null) return 'nothing';
	if (isMap(node)) return 'a mapping (key: value lines)';
	if (isSeq(node)) return 'a list';
	if (isScalar(node)) {
		const v = node.value;
		if (v === null) return 'nothing';
		if (typeof v === 'string') return `the text '${v}'`;
		if (typeof v === 'number') return `the number ${v}`;
		if (typeof v === 'boolean') return `${v}`;
	}
	return 'an unsupported value';
}

/** "path: " for a message, nothing at the top level. */
function at(path: string): string {
	return path ? `${path}: ` : '';
}

function expected(ctx: ReadContext, field: Field, what: string): void {
	report(ctx, 'config.type', field.line, `${at(field.path)}expected ${what}, got ${describe(field.node)}`);
}

export function isNull(field: Field): boolean {
	return field.node === null || (isScalar(field.node) && field.node.value === null);
}

/**
 * The entries of a mapping by key. Unknown keys are reported with the nearest known key; the
 * result holds only known keys. Returns null (after reporting) when the value is not a mapping.
 */
export function readMap(ctx: ReadContext, field: Field, known: readonly string[]): Map<string, Field> | null {
	if (!field.node || !isMap(field.node)) {
		expected(ctx, field, 'a mapping (key: value lines)');
		return null;
	}
	const entries = new Map<string, Field>();
	for (const pair of field.node.items) {
		const keyNode = pair.key as Node | null;
		const key = keyText(pair.key);
		const line = lineAt(ctx, keyNode) ?? field.line;
		const where = field.path ? `${field.path}.` : '';
		if (key === undefined) {
			report(ctx, 'config.type', line, `${at(field.path)}keys must be plain words`);
			continue;
		}
		if (!known.includes(key)) {
			report(ctx, 'config.unknown-key', line, `unknown key '${where}${key}'${didYouMean(key, known)}; expected one of: ${known.join(', ')}`);
			continue;
		}
		const value = (pair.value as Node | null) ?? null;
		entries.set(key, {node: value, line: lineAt(ctx, value) ?? line, path: where + key});
	}
	return entries;
}

/** A mapping whose keys are free-form (key bindings): every entry, key as text. */
export function readOpenMap(ctx: ReadContext, field: Field): Array<{key: string; keyLine: number | undefined; value: Field}> | null {
	if (!field.node || !isMap(field.node)) {
		if (isNull(field)) return [];
		expected(ctx, field, 'a mapping (key: value lines)');
		return null;
	}
	const out: Array<{key: string; keyLine: number | undefined; value: Field}> = [];
	for (const pair of field.node.items) {
		const keyNode = pair.key as Node | null;
		const line = lineAt(ctx, keyNode) ?? field.line;
		const key = keyText(pair.key);
		if (key === undefined) {
			report(ctx, 'config.type', line, `${field.path}: keys must be plain words`);
			continue;
		}
		const value = (pair.value as Node | null) ?? null;
		out.push({key, keyLine: line, value: {node: value, line: lineAt(ctx, value) ?? line, path: `${field.path}.${key}`}});
	}
	return out;
}

/** A mapping key as text: a parsed scalar, or a plain value set by code (merged imports). */
function keyText(key: unknown): string | undefined {
	if (isScalar(key)) return key.value === null ? undefined : String(key.value);
	if (typeof key === 'string' || typeof key === 'number') return String(key);
	return undefined;
}

export function readList(ctx: ReadContext, field: Field): Field[] | null {
	if (isNull(field)) return [];
	if (!field.node || !isSeq(field.node)) {
		expected(ctx, field, 'a list (lines starting with "- ")');
		return null;
	}
	return field.node.items.map((item, index) => {
		const node = (item as Node | null) ?? null;
		return {node, line: lineAt(ctx, node) ?? field.line, path: `${field.path}[${index}]`};
	});
}

function scalarValue(field: Field): unknown {
	return field.node && isScalar(field.node) ? field.node.value : undefined;
}

export function readString(ctx: ReadContext, field: Field): string | undefined {
	const v = scalarValue(field);
	if (typeof v === 'string' && v.length > 0) return v;
	expected(ctx, field, 'a text value');
	return undefined;
}

/** Text, but a number is accepted and turned into text (titles like `1`, `2`). */
export function readLabel(ctx: ReadContext, field: Field): string | undefined {
	const v = scalarValue(field);
	if (typeof v === 'number') return String(v);
	return readString(ctx, field);
}

export function readInt(ctx: ReadContext, field: Field, min: number, max: number): number | undefined {
	const v = scalarValue(field);
	if (typeof v !== 'number' || !Number.isInteger(v)) {
		expected(ctx, field, `a whole number from ${min} to ${max}`);
		return undefined;
	}
	if (v < min || v > max) {
		report(ctx, 'config.range', field.line, `${field.path}: ${v} is out of range; expected ${min} to ${max}`);
		return undefined;
	}
	return v;
}

export function readBool(ctx: ReadContext, field: Field): boolean | undefined {
	const v = scalarValue(field);
	if (typeof v === 'boolean') return v;
	expected(ctx, field, 'true or false');
	return undefined;
}

export function readChoice<T extends string>(ctx: ReadContext, field: Field, choices: readonly T[]): T | undefined {
	const v = scalarValue(field);
	if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
	if (typeof v === 'string') {
		report(ctx, 'config.value', field.line, `${field.path}: '${v}' is not one of ${choices.join(', ')}${didYouMean(v, choices)}`);
	} else {
		expected(ctx, field, `one of ${choices.join(', ')}`);
	}
	return undefined;
}

/** Problems in file order (stable for several on one line), the order an editor walks them. */
export function sortByLine(problems: AppError[]): AppError[] {
	return problems
		.map((p, i) => ({p, i}))
		.sort((a, b) => (a.p.where?.line ?? 0) - (b.p.where?.line ?? 0) || a.i - b.i)
		.map(x => x.p);
}
